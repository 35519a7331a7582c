% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
% include('campaign_header.tpl', tab='participants')
% org_id = ctx.organization.id
% campaign = view.campaign
% q = listing.query
% base = paths.campaign_participants(org_id, campaign.id)
<section aria-labelledby="titre-participants">
<h2 id="titre-participants">Participants</h2>
% if not listing.total and not q.filtering:
<p>Aucun élève n'a encore rejoint la campagne. Communiquez-leur son code ou son lien.</p>
% else:
<form method="get" action="{{base}}" class="form form-inline filters" role="search" aria-label="Filtrer les participants">
  <div class="field">
    <label for="nom">Rechercher un nom ou un prénom</label>
    <input id="nom" name="nom" type="search" value="{{q.search or ''}}" autocomplete="off" maxlength="100">
  </div>
  % if listing.divisions:
  <div class="field">
    <label for="classe">Classe</label>
    <select id="classe" name="classe">
      <option value="">Toutes les classes</option>
      % for d in listing.divisions:
      <option value="{{d}}"{{!' selected' if d == q.division else ''}}>{{d}}</option>
      % end
    </select>
  </div>
  % end
  <div class="field">
    <label for="statut">Statut</label>
    <select id="statut" name="statut">
      <option value="">Tous les statuts</option>
      % for s in statuses:
      <option value="{{s.value}}"{{!' selected' if s == q.status else ''}}>{{s.label}}</option>
      % end
    </select>
  </div>
  % if q.sort.value != 'nom':
  <input type="hidden" name="tri" value="{{q.sort.value}}">
  % end
  % if q.descending:
  <input type="hidden" name="ordre" value="desc">
  % end
  <button type="submit" class="button">Filtrer</button>
  % if q.filtering:
  <a class="button button-secondary" href="{{base}}">Effacer les filtres</a>
  % end
</form>
<p role="status" class="result-count">{{listing.total}} participant{{'s' if listing.total > 1 else ''}}{{' correspondant aux filtres' if q.filtering else ''}}.</p>
% if listing.total:
<table class="table">
  <caption class="visually-hidden">Participants, page {{listing.number}} sur {{listing.pages}}</caption>
  <thead>
    <tr>
    % for key, label in (('nom', 'Nom'), ('classe', 'Classe'), ('avancement', 'Avancement'), ('statut', 'Statut')):
    %   current = q.sort.value == key
    %   aria = ('descending' if q.descending else 'ascending') if current else None
      <th scope="col"{{!' aria-sort="%s"' % aria if aria else ''}}>
        <a href="{{url(tri=key, ordre='desc' if current and not q.descending else '', page=1)}}">{{label}}<span class="visually-hidden">{{', trié par ordre décroissant' if aria == 'descending' else (', trié par ordre croissant' if aria else ', trier')}}</span>{{!' <span aria-hidden="true">▼</span>' if aria == 'descending' else (' <span aria-hidden="true">▲</span>' if aria else '')}}</a>
      </th>
    % end
    </tr>
  </thead>
  <tbody>
    % for p in listing.items:
    <tr>
      <td><a href="{{paths.campaign_participant(org_id, campaign.id, p.participation_id)}}">{{p.last_name}} {{p.first_name}}</a></td>
      <td>{{p.division or ''}}</td>
      <td>{{p.progress_percent}} %</td>
      <td><span class="status status-{{p.status.value}}">{{p.status.label}}</span></td>
    </tr>
    % end
  </tbody>
</table>
% end
% if listing.pages > 1:
<nav class="pagination" aria-label="Pages de la liste des participants">
  <ul>
    % if listing.has_previous:
    <li><a href="{{url(page=listing.number - 1)}}" rel="prev">Page précédente</a></li>
    % end
    <li aria-current="page">Page {{listing.number}} sur {{listing.pages}}</li>
    % if listing.has_next:
    <li><a href="{{url(page=listing.number + 1)}}" rel="next">Page suivante</a></li>
    % end
  </ul>
</nav>
% end
% end
</section>
