% rebase('public.tpl', title=title)
<h1>{{title}}</h1>
<div class="alert alert-error" role="alert">
  <p>{{message}}</p>
</div>
% if get('show_logout', False):
<form method="post" action="/deconnexion" class="form">
  <input type="hidden" name="csrf_token" value="{{get('csrf_token', '')}}">
  <button type="submit" class="button button-secondary">Se déconnecter</button>
</form>
% else:
<p class="aside"><a href="/">Retour à l'accueil</a></p>
% end
