% rebase('test_layout.tpl', title=title, parcours=parcours)
<h1>Avant de commencer</h1>
<ol class="test-rules">
  <li>
    <h2>Vous pouvez rechercher sur internet</h2>
    <p>Si vous ignorez une réponse, elle se trouve sûrement sur internet.</p>
  </li>
  <li>
    <h2>Pas de limite de temps !</h2>
    <p>Prenez le temps nécessaire pour terminer votre parcours. Si une question est chronométrée, cela vous sera indiqué.</p>
  </li>
  <li>
    <h2>Des tutos pour apprendre</h2>
    <p>Accédez à des tutos pour apprendre davantage sur chaque question et progresser.</p>
  </li>
  <li>
    <h2>Un niveau de difficulté adapté</h2>
    <p>En fonction de vos réponses, Pix adapte la difficulté des questions.</p>
  </li>
</ol>
<form method="post" action="{{action('commencer')}}" class="form">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <button type="submit" class="button">Je commence</button>
</form>
