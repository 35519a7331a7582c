% if get('ctx'):
% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=get('csrf_token', ''))
% else:
% rebase('public.tpl', title=title)
% end
<h1>{{title}}</h1>
<div class="alert alert-error" role="alert">
  <p>{{message}}</p>
</div>
% include('stale_form.tpl') if get('stale') else None
% if get('show_logout', False):
<form method="post" action="/deconnexion" class="form">
  <input type="hidden" name="csrf_token" value="{{get('csrf_token', '')}}">
  <button type="submit" class="button button-secondary">Se déconnecter</button>
</form>
% elif get('ctx'):
<p><a href="{{paths.CURRENT_CAMPAIGNS}}">Retour aux campagnes</a></p>
% else:
<p class="aside"><a href="/">Retour à l'accueil</a></p>
% end
