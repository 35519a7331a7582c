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
  <caption>Erreurs ({{len(preview.errors)}}{{', les 500 premières' if len(preview.errors) > 500 else ''}})</caption>
  <thead><tr><th scope="col">Message</th><th scope="col">INE</th><th scope="col">Ligne</th><th scope="col">Code</th></tr></thead>
  <tbody>
    % for e in preview.errors[:500]:
    <tr><td>{{e.message}}</td><td>{{e.national_student_id or ''}}</td><td>{{e.line or ''}}</td><td><code>{{e.code}}</code></td></tr>
    % end
  </tbody>
</table>
<p class="aside"><a href="{{paths.learners(ctx.organization.id)}}">Retour à la liste des élèves</a></p>
% else:
<ul class="counts">
  <li><strong>{{c.created}}</strong> nouvel(le)s élève(s)</li>
  <li><strong>{{c.updated}}</strong> élève(s) mis à jour (dont {{c.class_changes}} changement(s) de classe)</li>
  <li><strong>{{c.reenabled}}</strong> élève(s) de retour</li>
  <li><strong>{{c.disabled}}</strong> élève(s) absent(s) du fichier, qui seront désactivé(s)</li>
  <li><strong>{{len(preview.account_links)}}</strong> compte(s) existant(s) relié(s) automatiquement</li>
</ul>
<form method="post" action="{{paths.learners(ctx.organization.id, 'import/confirmer')}}" class="form form-inline" data-busy="Import en cours, ne quittez pas la page…">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <input type="hidden" name="jeton" value="{{token}}">
  <button type="submit" class="button">Confirmer l'import</button>
  <p class="busy" role="status" aria-live="polite"></p>
</form>
<form method="post" action="{{paths.learners(ctx.organization.id, 'import/annuler')}}" class="form form-inline">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <input type="hidden" name="jeton" value="{{token}}">
  <button type="submit" class="button button-secondary">Annuler</button>
</form>
% end
% if preview.warnings:
<table class="table">
  <caption>Avertissements ({{len(preview.warnings)}}{{', les 200 premiers' if len(preview.warnings) > 200 else ''}}) — ils n'empêchent pas l'import</caption>
  <thead><tr><th scope="col">Message</th><th scope="col">INE</th><th scope="col">Ligne</th><th scope="col">Code</th></tr></thead>
  <tbody>
    % for w in preview.warnings[:200]:
    <tr><td>{{w.message}}</td><td>{{w.national_student_id or ''}}</td><td>{{w.line or ''}}</td><td><code>{{w.code}}</code></td></tr>
    % end
  </tbody>
</table>
% end
% for caption, rows in (('Nouveaux élèves', preview.arrivals), ('Élèves de retour', preview.reenabled), ('Élèves qui seront désactivés', preview.to_disable)):
%   if rows:
<table class="table">
  <caption>{{caption}} ({{len(rows)}}{{', les 200 premiers' if len(rows) > 200 else ''}})</caption>
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
  <caption>Changements de classe ({{len(preview.class_changes)}}{{', les 200 premiers' if len(preview.class_changes) > 200 else ''}})</caption>
  <thead><tr><th scope="col">Nom</th><th scope="col">Prénom</th><th scope="col">Ancienne classe</th><th scope="col">Nouvelle classe</th></tr></thead>
  <tbody>
    % for ch in preview.class_changes[:200]:
    <tr><td>{{ch.last_name}}</td><td>{{ch.first_name}}</td><td>{{ch.old_division or ''}}</td><td>{{ch.new_division or ''}}</td></tr>
    % end
  </tbody>
</table>
% end
% if preview.corrections:
<table class="table">
  <caption>Fiches corrigées ({{len(preview.corrections)}}{{', les 200 premières' if len(preview.corrections) > 200 else ''}})</caption>
  <thead><tr><th scope="col">INE</th><th scope="col">Informations modifiées</th></tr></thead>
  <tbody>
    % for co in preview.corrections[:200]:
    <tr><td>{{co.national_student_id}}</td><td>{{', '.join(field_labels.get(f, f) for f in co.fields)}}</td></tr>
    % end
  </tbody>
</table>
% end
