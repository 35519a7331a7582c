% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
<div class="page-heading">
  <h1>Élèves</h1>
  % if allowed(ctx, Action.IMPORT_LEARNERS):
  <a class="button" href="{{paths.learners(ctx.organization.id, 'import')}}">Importer (.xml, .zip ou .csv)</a>
  % end
</div>
% if message:
<div class="alert alert-success" role="status"><p>{{message}}</p></div>
% end
% q = listing.query
% filtering = bool(q.search or q.division)
% if not listing.total and not filtering:
<div class="empty-state">
  <h2>Aucun élève pour le moment</h2>
  <p>La liste des élèves provient de l'export SIECLE de l'établissement, importé par un administrateur.</p>
  % if allowed(ctx, Action.IMPORT_LEARNERS):
  <p>Pour l'importer, utilisez le bouton « Importer (.xml, .zip ou .csv) » ci-dessus.</p>
  % end
</div>
% else:
<section aria-labelledby="titre-liste">
<h2 id="titre-liste">Liste des élèves</h2>
<form method="get" action="{{base}}" class="form form-inline filters" role="search" aria-label="Filtrer les élèves">
  <div class="field">
    <label for="recherche">Rechercher un nom ou un prénom</label>
    <input id="recherche" name="recherche" type="search" value="{{q.search or ''}}" autocomplete="off" maxlength="{{search_limits[0]}}"{{!' aria-describedby="recherche-raccourcie"' if search_cut else ''}}>
    % if search_cut:
    <p class="hint" id="recherche-raccourcie">La recherche a été raccourcie : seuls les {{search_limits[1]}} premiers mots (et les {{search_limits[0]}} premiers caractères) sont pris en compte.</p>
    % end
  </div>
  <div class="field">
    <label for="classe">Classe</label>
    <select id="classe" name="classe">
      <option value="">Toutes les classes</option>
      % for d in listing.divisions:
      <option value="{{d}}"{{!' selected' if d == q.division else ''}}>{{d}}</option>
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
  % if filtering:
  <a class="button button-secondary" href="{{base}}">Effacer les filtres</a>
  % end
</form>
<p role="status" class="result-count">{{listing.total}} élève{{'s' if listing.total > 1 else ''}}{{' correspondant aux filtres' if filtering else ''}}.</p>
% if listing.total:
<table class="table">
  <caption class="visually-hidden">Élèves, page {{listing.number}} sur {{listing.pages}}</caption>
  <thead>
    <tr>
    % for key, label in (('nom', 'Nom'), ('prenom', 'Prénom'), ('naissance', 'Date de naissance'), ('classe', 'Classe')):
    %   current = q.sort.value == key
    %   aria = ('descending' if q.descending else 'ascending') if current else None
      <th scope="col"{{!' aria-sort="%s"' % aria if aria else ''}}>
        <a href="{{url(tri=key, ordre='desc' if current and not q.descending else '', page=1)}}">{{label}}<span class="visually-hidden">{{', trié par ordre décroissant' if aria == 'descending' else (', trié par ordre croissant' if aria else ', trier')}}</span>{{!' <span aria-hidden="true">▼</span>' if aria == 'descending' else (' <span aria-hidden="true">▲</span>' if aria else '')}}</a>
      </th>
    % end
    </tr>
  </thead>
  <tbody>
    % for l in listing.items:
    <tr>
      <td>{{l.preferred_last_name or l.last_name}}</td>
      <td>{{l.first_name}}</td>
      <td>{{l.birthdate.strftime('%d/%m/%Y') if l.birthdate else ''}}</td>
      <td>{{l.division or ''}}</td>
    </tr>
    % end
  </tbody>
</table>
% end
% if listing.pages > 1:
<nav class="pagination" aria-label="Pages de la liste des élèves">
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
</section>
% end
% if history:
<section class="panel" aria-labelledby="titre-historique">
  <h2 id="titre-historique">Historique des imports</h2>
  <table class="table">
    <thead>
      <tr><th scope="col">Date</th><th scope="col">Importé par</th><th scope="col">Fichier</th><th scope="col">Élèves</th><th scope="col">Nouveaux</th><th scope="col">Mis à jour</th><th scope="col">Désactivés</th></tr>
    </thead>
    <tbody>
      % for h in history:
      <tr>
        <td>{{clock.datetime_fr(h.created_at)}}</td>
        <td>{{h.imported_by or ('ligne de commande' if h.created_by_user_id is None else 'compte supprimé')}}</td>
        <td>{{h.file_name or ''}}</td>
        <td>{{h.counts.kept}}</td>
        <td>{{h.counts.created}}</td>
        <td>{{h.counts.updated + h.counts.reenabled}}</td>
        <td>{{h.counts.disabled}}</td>
      </tr>
      % end
    </tbody>
  </table>
</section>
% end
