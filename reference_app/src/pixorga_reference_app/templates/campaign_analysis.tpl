% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
% include('campaign_header.tpl', tab='analyse')
% a = found.analysis
<section aria-labelledby="titre-analyse">
<h2 id="titre-analyse">Analyse</h2>
% include('campaign_class_filter.tpl', action=paths.campaign_analysis(ctx.organization.id, view.campaign.id))
% if not a.shared:
<p role="status">Aucun élève{{' de la classe ' + found.division if found.division else ''}} n'a encore envoyé ses résultats.</p>
% else:
<p role="status">Analyse sur {{a.shared}} élève{{'s ayant envoyé leurs' if a.shared > 1 else ' ayant envoyé ses'}} résultats{{' en classe ' + found.division if found.division else ''}}.</p>
<section class="panel" aria-labelledby="titre-priorites">
  <h3 id="titre-priorites">Sujets à travailler en priorité</h3>
  % if a.priorities:
  <ol class="priorities">
    % for t in a.priorities:
    <li>
      <strong>{{t.label}}</strong> ({{t.competence_label}}) : {{t.percent}} % de maîtrise moyenne.
      % if t.tutorials:
      <ul>
        % for tutorial in t.tutorials:
        <li>Tuto : {{tutorial.title}}{{' (%d min)' % tutorial.duration_minutes if tutorial.duration_minutes else ''}}</li>
        % end
      </ul>
      % end
    </li>
    % end
  </ol>
  % else:
  <p>Aucun sujet n'est maîtrisé par moins de la moitié des élèves.</p>
  % end
</section>
<table class="table">
  <caption>Part des élèves ayant validé chaque niveau, par sujet</caption>
  <thead><tr><th scope="col">Compétence</th><th scope="col">Sujet</th><th scope="col">Niveaux (part des élèves l'ayant validé)</th><th scope="col">Maîtrise moyenne</th></tr></thead>
  <tbody>
    % for t in a.tubes:
    <tr>
      <td>{{t.competence_label}}</td>
      <th scope="row">{{t.label}}</th>
      <td>
        <ul class="levels">
          % for level in t.levels:
          <li>Niveau {{level.level}} : {{level.percent}} %</li>
          % end
        </ul>
      </td>
      <td>{{t.percent}} %</td>
    </tr>
    % end
  </tbody>
</table>
% end
</section>
