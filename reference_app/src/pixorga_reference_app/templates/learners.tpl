% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
<h1>Élèves</h1>
% if message:
<div class="alert alert-success" role="status"><p>{{message}}</p></div>
% end
% if can_import:
<section class="panel" aria-labelledby="titre-import">
  <h2 id="titre-import">Importer la liste des élèves</h2>
  <p>Importez l'export SIECLE de votre établissement (ElevesSansAdresses.xml, ou le fichier .zip
  tel que téléchargé) ou un fichier CSV. Vous verrez les changements avant de les confirmer.</p>
  % if upload_error:
  <div class="alert alert-error" role="alert" id="erreur-fichier"><p>{{upload_error}}</p></div>
  % end
  <form method="post" action="/etablissements/{{ctx.organization.id}}/eleves/import"
        enctype="multipart/form-data" class="form" data-busy="Import en cours, ne quittez pas la page…">
    <input type="hidden" name="csrf_token" value="{{csrf_token}}">
    <div class="field">
      <label for="fichier">Importer (.xml, .zip, .csv)</label>
      <input id="fichier" name="fichier" type="file" accept=".xml,.zip,.csv,text/xml,application/zip,text/csv" required
             {{!'aria-invalid="true" aria-describedby="erreur-fichier"' if upload_error else ''}}>
    </div>
    <button type="submit" class="button">Vérifier le fichier</button>
    <p class="busy" role="status" aria-live="polite"></p>
  </form>
</section>
% end
% if not learners:
<div class="empty-state">
  <h2>Aucun élève pour le moment</h2>
  <p>La liste des élèves provient de l'export SIECLE de l'établissement, importé par un administrateur.</p>
</div>
% else:
<table class="table">
  <caption>Élèves ({{len(learners)}}{{'+' if len(learners) >= 200 else ''}})</caption>
  <thead>
    <tr><th scope="col">Nom</th><th scope="col">Prénom</th><th scope="col">Date de naissance</th><th scope="col">Classe</th></tr>
  </thead>
  <tbody>
    % for l in learners:
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
% if history:
<section class="panel" aria-labelledby="titre-historique">
  <h2 id="titre-historique">Historique des imports</h2>
  <table class="table">
    <thead>
      <tr><th scope="col">Date</th><th scope="col">Fichier</th><th scope="col">Élèves</th><th scope="col">Nouveaux</th><th scope="col">Mis à jour</th><th scope="col">Désactivés</th></tr>
    </thead>
    <tbody>
      % for h in history:
      <tr>
        <td>{{h.created_at.strftime('%d/%m/%Y %H:%M')}}</td>
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
