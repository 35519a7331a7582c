% rebase('public.tpl', title=title)
<h1>Votre compte est créé</h1>
<div class="alert alert-success" role="status">
  <p>L'identifiant proposé venait d'être pris : votre identifiant est <strong>{{username}}</strong>. Notez-le : vous vous connecterez avec lui.</p>
</div>
<p class="actions"><a class="button" href="{{next_path}}">Continuer</a></p>
