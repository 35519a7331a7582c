% rebase('public.tpl', title=title)
<h1>Vous êtes invité(e) à rejoindre l'organisation {{view.organization_name}}</h1>
% if view.invitation.role and view.invitation.role.value == 'ADMIN':
<p>La personne qui accepte cette invitation devient <strong>administrateur</strong> de l'espace Pix Orga de l'établissement.</p>
% end
% if user:
<p>Vous êtes connecté(e) en tant que <strong>{{user.full_name}}</strong>.</p>
<form method="post" action="{{paths.INVITATION_ACCEPT}}" class="form">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  % for name, value in hidden.items():
  <input type="hidden" name="{{name}}" value="{{value}}">
  % end
  <button type="submit" class="button">Rejoindre {{view.organization_name}}</button>
</form>
<form method="post" action="/deconnexion" class="aside">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <button type="submit" class="button button-secondary">Ce n'est pas moi : me déconnecter</button>
</form>
% else:
<p>Pour accepter l'invitation, créez votre compte Pix ou connectez-vous avec votre compte existant.</p>
<div class="choices">
  <a class="button" href="{{signup_link}}">Je m'inscris</a>
  <a class="button button-secondary" href="{{login_link}}">J'ai déjà un compte</a>
</div>
% end
<p class="hint aside">Ce lien est à usage unique.</p>
