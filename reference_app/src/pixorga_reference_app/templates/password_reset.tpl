% rebase('public.tpl', title=title)
% invalid = 'password' in errors
<h1>Choisissez un nouveau mot de passe</h1>
% if errors:
<div class="alert alert-error" role="alert" tabindex="-1">
  <p><a href="#password">{{errors.get('password', '')}}</a></p>
</div>
% end
<form method="post" action="{{paths.PASSWORD_RESET}}" class="form" novalidate>
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <input type="hidden" name="jeton" value="{{token}}">
  <div class="field">
    <label for="password">Nouveau mot de passe</label>
    <p class="hint" id="aide-mot-de-passe">8 caractères au minimum, dont une majuscule, une minuscule et un chiffre.</p>
    <input id="password" name="password" type="password" autocomplete="new-password" required
           aria-describedby="aide-mot-de-passe{{' erreur-password' if invalid else ''}}"
           {{!'aria-invalid="true"' if invalid else ''}}>
    % if invalid:
    <p class="field-error" id="erreur-password">{{errors['password']}}</p>
    % end
  </div>
  <button type="submit" class="button">Enregistrer le mot de passe</button>
</form>
<p>Une fois le mot de passe enregistré, vous êtes déconnecté(e) de tous les appareils où vous l'étiez : connectez-vous avec le nouveau mot de passe.</p>
