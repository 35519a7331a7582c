% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
<h1>Importer la liste des élèves</h1>
<p>Importez l'export SIECLE de votre établissement : dans SIECLE, menu « Exportations › En XML »,
export générique « Élèves sans adresses ». Le fichier .zip téléchargé est accepté tel quel (inutile
de l'extraire), comme le fichier ElevesSansAdresses.xml qu'il contient. Vous verrez les changements
avant de les confirmer.</p>
% if upload_error:
<div class="alert alert-error" role="alert" id="erreur-fichier"><p>{{upload_error}}</p></div>
% end
% # The CSRF token is the form's first field: it is read before the file (never in the address).
<form method="post" action="{{paths.learners(ctx.organization.id, 'import')}}"
      enctype="multipart/form-data" class="form" data-busy="Import en cours, ne quittez pas la page…">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <div class="field">
    <label for="fichier">Fichier à importer (.xml, .zip ou .csv)</label>
    <input id="fichier" name="fichier" type="file" accept=".xml,.zip,.csv,text/xml,application/zip,text/csv" required
           {{!'aria-invalid="true" aria-describedby="erreur-fichier"' if upload_error else ''}}>
  </div>
  <button type="submit" class="button">Vérifier le fichier</button>
  <a class="button button-secondary" href="{{paths.learners(ctx.organization.id)}}">Retour à la liste des élèves</a>
  <p class="busy" role="status" aria-live="polite"></p>
</form>
% for name, label in templates:
<p>Pas d'export SIECLE (lycées agricoles) ?
  <a href="{{paths.learners(ctx.organization.id, 'modele/' + name)}}" download>Télécharger le modèle de fichier CSV</a>
  à remplir ({{label}}), puis enregistrez-le au format « CSV UTF-8 (délimité par des points-virgules) ».</p>
% end
<p><a href="{{paths.organization(ctx.organization.id, 'documentation')}}">Aide : exporter depuis SIECLE et difficultés fréquentes</a></p>
