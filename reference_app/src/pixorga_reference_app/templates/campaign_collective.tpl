% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
% include('campaign_header.tpl', tab='collectifs')
% result = found.collective
<section aria-labelledby="titre-collectifs">
<h2 id="titre-collectifs">Résultats collectifs</h2>
% include('campaign_class_filter.tpl', action=paths.campaign_collective_results(ctx.organization.id, view.campaign.id))
<p role="status">
% if result.shared:
Moyenne sur {{result.shared}} élève{{'s ayant envoyé leurs' if result.shared > 1 else ' ayant envoyé ses'}} résultats{{' en classe ' + found.division if found.division else ''}} : {{result.percent}} % des acquis du profil cible validés.
% else:
Aucun élève{{' de la classe ' + found.division if found.division else ''}} n'a encore envoyé ses résultats.
% end
</p>
% if result.shared:
<figure class="chart">
  {{!chart}}
  <figcaption>Pourcentage moyen d'acquis validés par compétence (les valeurs sont aussi dans le tableau ci-dessous).</figcaption>
</figure>
<table class="table">
  <caption>Résultats collectifs par compétence</caption>
  <thead><tr><th scope="col">Compétence</th><th scope="col">Acquis validés (moyenne)</th><th scope="col">Acquis du profil</th><th scope="col">Maîtrise moyenne</th></tr></thead>
  <tbody>
    % for c in result.competences:
    <tr>
      <th scope="row">{{c.code}} {{c.name}}</th>
      <td>{{'%.1f' % c.average_validated}}</td>
      <td>{{c.targeted}}</td>
      <td>{{c.percent}} %</td>
    </tr>
    % end
  </tbody>
</table>
% end
</section>
