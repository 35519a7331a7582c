% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
% org_id = ctx.organization.id
% archived_query = {'archivees': '1'} if archived else {}
<div class="page-heading">
  <h1>Campagnes</h1>
  % if allowed(ctx, Action.CREATE_CAMPAIGN):
  <a class="button" href="{{paths.campaigns(org_id, 'creer')}}">Créer une campagne</a>
  % end
</div>
% if notice:
<div class="alert alert-success" role="status"><p>{{notice}}</p></div>
% end
<nav class="tabs" aria-label="Filtrer les campagnes">
  <a href="{{paths.campaigns(org_id, '', filtre=filters.MINE.value, **archived_query)}}"{{!' aria-current="page"' if which is filters.MINE else ''}}>Mes campagnes</a>
  <a href="{{paths.campaigns(org_id, '', **archived_query)}}"{{!' aria-current="page"' if which is filters.ALL else ''}}>Toutes les campagnes</a>
</nav>
% mine_query = {'filtre': filters.MINE.value} if which is filters.MINE else {}
<p class="archive-switch">
  % if archived:
  <a href="{{paths.campaigns(org_id, '', **mine_query)}}">Voir les campagnes actives</a>
  % else:
  <a href="{{paths.campaigns(org_id, '', archivees='1', **mine_query)}}">Voir les campagnes archivées</a>
  % end
</p>
% if not rows:
<div class="empty-state">
  % if archived:
  <h2>Aucune campagne archivée</h2>
  <p>Les campagnes que vous archivez n'acceptent plus de participants ; elles restent consultables ici.</p>
  % elif which is filters.MINE:
  <h2>Vous n'avez pas encore de campagne</h2>
  <p>Les campagnes que vous créez, ou qu'un collègue vous confie, apparaissent ici.</p>
  % else:
  <h2>Créez votre première campagne</h2>
  <p>Configurez et lancez votre première campagne. Vous pourrez ensuite inviter vos élèves à
  rejoindre ce parcours grâce à son code ou à son lien.</p>
  % end
  % if allowed(ctx, Action.CREATE_CAMPAIGN) and not archived:
  <p><a class="button" href="{{paths.campaigns(org_id, 'creer')}}">Créer une campagne</a></p>
  % end
</div>
% else:
<table class="table">
  <caption>{{'Campagnes archivées' if archived else 'Campagnes'}} ({{len(rows)}})</caption>
  <thead>
    <tr><th scope="col">Nom</th><th scope="col">Code</th><th scope="col">Créée par</th><th scope="col">Participants</th><th scope="col">Résultats reçus</th></tr>
  </thead>
  <tbody>
    % for row in rows:
    <tr>
      <td><a href="{{paths.campaign(org_id, row.campaign.id)}}">{{row.campaign.name}}</a></td>
      <td><span class="code">{{row.campaign.code}}</span></td>
      <td>{{row.creator.full_name}}</td>
      <td>{{row.counts.participants}}</td>
      <td>{{row.counts.shared}}</td>
    </tr>
    % end
  </tbody>
</table>
% end
