% rebase('test_layout.tpl', title=title, parcours=parcours)
<h1>Vous maîtrisez {{results.percent}} % des compétences testées</h1>
<table class="table">
  <caption>Résultats par compétence</caption>
  <thead><tr><th scope="col">Compétences testées</th><th scope="col">Résultats</th></tr></thead>
  <tbody>
    % for competence in results.competences:
    <tr><td>{{competence.code}} {{competence.name}}</td><td>{{competence.percent}} %</td></tr>
    % end
  </tbody>
</table>
% if parcours.is_preview:
<p>Ceci est un aperçu : les résultats ne sont envoyés à personne.</p>
<form method="post" action="{{action('recommencer')}}" class="form">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <button type="submit" class="button">Recommencer l'aperçu</button>
</form>
% elif parcours.participation.is_shared:
<p class="alert alert-success">Vos résultats ont été envoyés à votre enseignant.</p>
% elif parcours.refusal:
<div class="alert alert-error" role="alert"><p>{{parcours.refusal}}</p></div>
% else:
<p>Tant que vous n'avez pas envoyé vos résultats, votre enseignant ne les voit pas.</p>
<form method="post" action="{{action('envoyer')}}" class="form">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <button type="submit" class="button">J'envoie mes résultats</button>
</form>
% end
<h2>Vos réponses</h2>
% include('test_review.tpl', reviews=reviews, markdown=markdown)
