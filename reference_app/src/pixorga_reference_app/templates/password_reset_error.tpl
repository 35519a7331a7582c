% rebase('public.tpl', title=title)
<h1>Lien de réinitialisation inutilisable</h1>
<div class="alert alert-error" role="alert">
  <p>{{message}}</p>
</div>
<p class="actions"><a class="button" href="{{paths.PASSWORD_FORGOTTEN}}">Demander un nouveau lien</a></p>
<p class="aside"><a href="{{paths.LOGIN}}">Retour à la connexion</a></p>
