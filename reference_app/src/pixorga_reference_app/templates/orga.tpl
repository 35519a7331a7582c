% rebase('base.tpl', title=title, body_class='orga')
% org = ctx.organization
<div class="orga-layout">
  <nav class="sidebar" aria-label="Menu principal">
    <p class="brand">{{service_name}}</p>
    <ul>
      % for key, label, href in (('accueil', 'Accueil', paths.organization_home(org.id)), ('campagnes', 'Campagnes', paths.campaigns(org.id)), ('eleves', 'Élèves', paths.learners(org.id)), ('equipe', 'Équipe', paths.team(org.id)), ('documentation', 'Documentation', paths.DOCUMENTATION)):
      <li><a href="{{href}}"{{!' aria-current="page"' if section == key else ''}}>{{label}}</a></li>
      % end
    </ul>
  </nav>
  <div class="orga-main">
    <header class="topbar">
      <div class="topbar-school">
        <p class="school-name">{{org.name}}</p>
        % if org.uai:
        <p class="school-uai">UAI {{org.uai}}</p>
        % end
        % if len(ctx.organizations) > 1:
        <a class="link" href="/choisir-etablissement">Changer d'établissement</a>
        % end
      </div>
      <div class="topbar-user">
        <p class="user-name">{{ctx.user.full_name}}</p>
        <form method="post" action="/deconnexion">
          <input type="hidden" name="csrf_token" value="{{csrf_token}}">
          <button type="submit" class="button button-secondary">Se déconnecter</button>
        </form>
      </div>
    </header>
    <main id="contenu" tabindex="-1">
      {{!base}}
    </main>
  </div>
</div>
