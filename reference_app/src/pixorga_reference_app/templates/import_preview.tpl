% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
% c = preview.counts
<h1>Vérifier l'import</h1>
<p>Fichier : <strong>{{file_name}}</strong> — {{c.in_file}} élève(s) dans le fichier, {{c.kept}} retenu(s).</p>
% if preview.errors:
<div class="alert alert-error" role="alert">
  <p><strong>L'import est impossible : le fichier contient {{len(preview.errors)}} erreur(s).</strong>
  Corrigez-les dans SIECLE, exportez de nouveau le fichier et recommencez. Aucun élève n'a été modifié.</p>
</div>
<table class="table">
  <caption>Erreurs</caption>
  <thead><tr><th scope="col">Code</th><th scope="col">INE</th><th scope="col">Message</th></tr></thead>
  <tbody>
    % for e in preview.errors:
    <tr><td>{{e.code}}</td><td>{{e.national_student_id or ''}}</td><td>{{e.message}}</td></tr>
    % end
  </tbody>
</table>
<p class="aside"><a href="/etablissements/{{ctx.organization.id}}/eleves">Retour à la liste des élèves</a></p>
% else:
<ul class="counts">
  <li><strong>{{c.created}}</strong> nouvel(le)s élève(s)</li>
  <li><strong>{{c.updated}}</strong> élève(s) mis à jour (dont {{c.class_changes}} changement(s) de classe)</li>
  <li><strong>{{c.reenabled}}</strong> élève(s) de retour</li>
  <li><strong>{{c.disabled}}</strong> élève(s) absent(s) du fichier, qui seront désactivé(s)</li>
  <li><strong>{{len(preview.account_links)}}</strong> compte(s) existant(s) relié(s) automatiquement</li>
</ul>
<form method="post" action="/etablissements/{{ctx.organization.id}}/eleves/import/confirmer" class="form form-inline" data-busy="Import en cours, ne quittez pas la page…">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <input type="hidden" name="jeton" value="{{token}}">
  <button type="submit" class="button">Confirmer l'import</button>
  <p class="busy" role="status" aria-live="polite"></p>
</form>
<form method="post" action="/etablissements/{{ctx.organization.id}}/eleves/import/annuler" class="form form-inline">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <input type="hidden" name="jeton" value="{{token}}">
  <button type="submit" class="button button-secondary">Annuler</button>
</form>
% end
% if preview.warnings:
<table class="table">
  <caption>Avertissements ({{len(preview.warnings)}}) — ils n'empêchent pas l'import</caption>
  <thead><tr><th scope="col">Code</th><th scope="col">INE</th><th scope="col">Message</th></tr></thead>
  <tbody>
    % for w in preview.warnings[:200]:
    <tr><td>{{w.code}}</td><td>{{w.national_student_id or ''}}</td><td>{{w.message}}</td></tr>
    % end
  </tbody>
</table>
% end
% for caption, rows in (('Nouveaux élèves', preview.arrivals), ('Élèves de retour', preview.reenabled), ('Élèves qui seront désactivés', preview.to_disable)):
%   if rows:
<table class="table">
  <caption>{{caption}} ({{len(rows)}})</caption>
  <thead><tr><th scope="col">INE</th><th scope="col">Nom</th><th scope="col">Prénom</th><th scope="col">Classe</th></tr></thead>
  <tbody>
    % for r in rows[:200]:
    <tr><td>{{r.national_student_id}}</td><td>{{r.last_name}}</td><td>{{r.first_name}}</td><td>{{r.division or ''}}</td></tr>
    % end
  </tbody>
</table>
%   end
% end
% if preview.class_changes:
<table class="table">
  <caption>Changements de classe ({{len(preview.class_changes)}})</caption>
  <thead><tr><th scope="col">Nom</th><th scope="col">Prénom</th><th scope="col">Ancienne classe</th><th scope="col">Nouvelle classe</th></tr></thead>
  <tbody>
    % for ch in preview.class_changes[:200]:
    <tr><td>{{ch.last_name}}</td><td>{{ch.first_name}}</td><td>{{ch.old_division or ''}}</td><td>{{ch.new_division or ''}}</td></tr>
    % end
  </tbody>
</table>
% end
