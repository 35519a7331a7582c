% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
% include('campaign_header.tpl', tab='participants')
% p = shown.participant
% r = shown.result
<p><a href="{{paths.campaign_participants(ctx.organization.id, view.campaign.id)}}">← Tous les participants</a></p>
<section class="panel" aria-labelledby="titre-participant">
  <h2 id="titre-participant">{{p.full_name}}</h2>
  <dl class="details">
    % if p.division:
    <dt>Classe</dt><dd>{{p.division}}</dd>
    % end
    <dt>Avancement</dt><dd>{{p.progress_percent}} %</dd>
    <dt>Commencé le</dt><dd>{{clock.date_fr(p.started_at)}}</dd>
    <dt>Partagé le</dt><dd>{{clock.date_fr(p.shared_at) if p.shared_at else 'Pas encore'}}</dd>
    <dt>Statut</dt><dd>{{p.status.label}}</dd>
  </dl>
</section>
% if r is None:
<p>Les résultats détaillés s'afficheront quand l'élève les aura envoyés.</p>
% else:
<section class="panel" aria-labelledby="titre-resultat">
  <h2 id="titre-resultat">Résultats</h2>
  <ul class="counts">
    <li>Compétences testées : <strong>{{r.competences_tested}}</strong></li>
    <li>Acquis validés : <strong>{{r.validated}}</strong></li>
    <li>Acquis évalués : <strong>{{r.evaluated}}</strong></li>
    <li>Score : <strong>{{r.percent}} %</strong></li>
  </ul>
  <table class="table">
    <caption>Résultats par compétence</caption>
    <thead><tr><th scope="col">Compétence</th><th scope="col">Résultat</th><th scope="col">Acquis validés</th><th scope="col">Acquis évalués</th><th scope="col">Acquis du profil</th></tr></thead>
    <tbody>
      % for c in r.competences:
      <tr>
        <th scope="row">{{c.code}} {{c.name}}</th>
        <td><span class="meter" aria-hidden="true"><span style="width: {{c.percent}}%"></span></span> {{c.percent}} %</td>
        <td>{{c.validated}}</td>
        <td>{{c.evaluated}}</td>
        <td>{{c.targeted}}</td>
      </tr>
      % end
    </tbody>
  </table>
</section>
% end
