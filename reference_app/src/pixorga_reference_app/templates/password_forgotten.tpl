% rebase('public.tpl', title=title)
% invalid = 'email' in errors
<h1>Mot de passe oublié</h1>
<p>Saisissez l'adresse e-mail de votre compte : si un compte utilise cette adresse, vous recevrez un e-mail avec un lien pour choisir un nouveau mot de passe. Ce lien fonctionne une seule fois, pendant une heure.</p>
% if errors:
<div class="alert alert-error" role="alert" tabindex="-1">
  <p><a href="#email">{{errors.get('email', '')}}</a></p>
</div>
% end
<form method="post" action="{{paths.PASSWORD_FORGOTTEN}}" class="form" novalidate>
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <div class="field">
    <label for="email">Adresse e-mail</label>
    <input id="email" name="email" type="email" autocomplete="email" required maxlength="254"
           value="{{values.get('email', '')}}"
           {{!'aria-invalid="true" aria-describedby="erreur-email"' if invalid else ''}}>
    % if invalid:
    <p class="field-error" id="erreur-email">{{errors['email']}}</p>
    % end
  </div>
  <button type="submit" class="button">Recevoir un lien</button>
</form>
<p>Vous vous connectez avec un identifiant (par exemple prenom.nom0512) et non une adresse e-mail ? Ce formulaire ne peut pas vous aider : adressez-vous à votre enseignant.</p>
<p class="aside"><a href="{{paths.LOGIN}}">Retour à la connexion</a></p>
