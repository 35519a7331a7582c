% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
% c = preview.counts
% kind = preview.refusal
% org_id = ctx.organization.id
% if kind is not None:
%   headings = {'wrong_school': "Ce fichier n'est pas celui de votre établissement", 'wrong_file': 'Ce fichier ne peut pas être importé', 'pupil_data': 'Des fiches d\'élèves sont à corriger'}
<h1>{{headings[kind.value]}}</h1>
<div class="alert alert-error" role="alert">
  % if kind.value == 'wrong_school':
  <p>{{preview.errors[0].message}}</p>
  <p>Importez l'export SIECLE de votre établissement, {{ctx.organization.name}}. Aucun élève n'a été modifié.</p>
  % elif kind.value == 'wrong_file':
  % for e in preview.errors[:20]:
  <p>{{e.message}}</p>
  % end
  <p>Aucun élève n'a été modifié.</p>
  % else:
  <p><strong>Le fichier « {{file_name}} » contient {{len(preview.errors)}} erreur{{'s' if len(preview.errors) > 1 else ''}} dans les fiches des élèves : il n'est pas importé et aucun élève n'a été modifié.</strong>
  Corrigez ces fiches à la source (dans SIECLE, ou dans le fichier CSV que vous avez rempli), exportez de nouveau le fichier et importez-le.</p>
  % end
</div>
% if kind.value == 'pupil_data':
<h2>Fiches à corriger{{' (les 500 premières erreurs)' if len(preview.errors) > 500 else ''}}</h2>
<ul class="prose">
  % for e in preview.errors[:500]:
  <li>{{e.message}}</li>
  % end
</ul>
% end
<p class="actions">
  <a class="button" href="{{paths.learners(org_id, 'import')}}">Importer un autre fichier</a>
  <a class="button button-secondary" href="{{paths.learners(org_id)}}">Retour à la liste des élèves</a>
</p>
% else:
<h1>Vérifier l'import</h1>
<p>Fichier : <strong>{{file_name}}</strong> — {{c.in_file}} élève(s) dans le fichier, {{c.kept}} retenu(s).</p>
% if not preview.changes_anything:
<div class="alert alert-success" role="status">
  <p><strong>Aucun changement</strong> : la liste des élèves est déjà à jour avec ce fichier. Il n'y a rien à importer.</p>
</div>
<form method="post" action="{{paths.learners(org_id, 'import/annuler')}}" class="form form-inline">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <input type="hidden" name="jeton" value="{{token}}">
  <button type="submit" class="button">Retour à la liste des élèves</button>
</form>
% else:
<ul class="counts">
  <li><strong>{{c.created}}</strong> nouvel(le)s élève(s)</li>
  <li><strong>{{c.updated}}</strong> élève(s) mis à jour (dont {{c.class_changes}} changement(s) de classe)</li>
  <li><strong>{{c.reenabled}}</strong> élève(s) de retour</li>
  <li><strong>{{len(preview.to_disable)}}</strong> élève(s) absent(s) du fichier, qui seront désactivé(s)</li>
  % if preview.disabled_left_out:
  <li><strong>{{len(preview.disabled_left_out)}}</strong> élève(s) que le fichier ne retient plus (sorti(e)s de l'établissement ou sans classe selon SIECLE), qui seront désactivé(s)</li>
  % end
  <li><strong>{{len(preview.account_links)}}</strong> compte(s) existant(s) relié(s) automatiquement</li>
</ul>
<form method="post" action="{{paths.learners(org_id, 'import/confirmer')}}" class="form form-inline" data-busy="Import en cours, ne quittez pas la page…">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <input type="hidden" name="jeton" value="{{token}}">
  <button type="submit" class="button">Confirmer l'import</button>
  <p class="busy" role="status" aria-live="polite"></p>
</form>
<form method="post" action="{{paths.learners(org_id, 'import/annuler')}}" class="form form-inline">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <input type="hidden" name="jeton" value="{{token}}">
  <button type="submit" class="button button-secondary">Annuler</button>
</form>
% end
% if preview.left_out:
<section aria-labelledby="titre-non-importes">
<h2 id="titre-non-importes">Élèves du fichier qui ne sont pas importés</h2>
%   for reason, summary, is_open in ((reasons.LEFT_SCHOOL, "sorti(e)s de l'établissement selon SIECLE (une date de sortie est renseignée)", False), (reasons.NO_INE, "sans INE (identifiant national élève) : complétez leur fiche dans SIECLE pour qu'ils soient importés", True), (reasons.NO_DIVISION, "rattaché(e)s à aucune classe dans SIECLE : ils seront importés quand leur classe sera renseignée", True)):
%     rows = preview.left_out_for(reason)
%     if rows:
<details class="panel"{{!' open' if is_open else ''}}>
  <summary><strong>{{len(rows)}}</strong> élève(s) {{summary}}</summary>
  <table class="table">
    <caption class="visually-hidden">Élèves {{summary}}{{', les 200 premiers' if len(rows) > 200 else ''}}</caption>
    <thead><tr><th scope="col">Nom</th><th scope="col">Prénom</th><th scope="col">INE</th></tr></thead>
    <tbody>
      % for r in rows[:200]:
      <tr><td>{{r.last_name or ''}}</td><td>{{r.first_name or ''}}</td><td>{{r.national_student_id or ''}}</td></tr>
      % end
    </tbody>
  </table>
</details>
%     end
%   end
</section>
% end
% if preview.warnings:
<h2>À vérifier ({{len(preview.warnings)}}{{', les 200 premiers' if len(preview.warnings) > 200 else ''}}) — cela n'empêche pas l'import</h2>
<ul class="prose">
  % for w in preview.warnings[:200]:
  <li>{{w.message}}</li>
  % end
</ul>
% end
% for caption, rows in (('Nouveaux élèves', preview.arrivals), ('Élèves de retour', preview.reenabled), ('Élèves absents du fichier, qui seront désactivés', preview.to_disable), ('Élèves que le fichier ne retient plus, qui seront désactivés', preview.disabled_left_out)):
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
  <thead><tr><th scope="col">Nom</th><th scope="col">Prénom</th><th scope="col">INE</th><th scope="col">Informations modifiées</th></tr></thead>
  <tbody>
    % for co in preview.corrections[:200]:
    <tr><td>{{co.last_name}}</td><td>{{co.first_name}}</td><td>{{co.national_student_id}}</td><td>{{', '.join(field_labels.get(f, f) for f in co.fields)}}</td></tr>
    % end
  </tbody>
</table>
% end
% end
% issues = (preview.errors + preview.warnings)[:500]
% if issues:
<details class="technical">
  <summary>Détails techniques (pour l'assistance)</summary>
  <table class="table">
    <caption class="visually-hidden">Détails techniques des messages</caption>
    <thead><tr><th scope="col">Code</th><th scope="col">INE</th><th scope="col">Ligne</th><th scope="col">Champ</th><th scope="col">Message</th></tr></thead>
    <tbody>
      % for i in issues:
      <tr><td><code>{{i.code}}</code></td><td>{{i.national_student_id or ''}}</td><td>{{i.line or ''}}</td><td>{{i.field or ''}}</td><td>{{i.message}}</td></tr>
      % end
    </tbody>
  </table>
</details>
% end
