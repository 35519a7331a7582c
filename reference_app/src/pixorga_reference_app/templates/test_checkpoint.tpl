% rebase('test_layout.tpl', title=title, parcours=parcours)
<h1>Vos réponses</h1>
<p>Avancement du parcours : {{parcours.assessment.answer_count}} questions.</p>
% include('test_review.tpl', reviews=reviews, markdown=markdown)
<form method="post" action="{{action('continuer')}}" class="form">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <button type="submit" class="button">Continuer mon parcours</button>
</form>
