% rebase('public.tpl', title=title)
% def attrs(name):
%   return ('aria-invalid="true" aria-describedby="erreur-%s"' % name) if name in errors else ''
% end
% def error_for(name):
%   if name in errors:
<p class="field-error" id="erreur-{{name}}">{{errors[name]}}</p>
%   end
% end
<h1>{{get('heading', 'Inscrivez-vous')}}</h1>
% if errors:
<div class="alert alert-error" role="alert" tabindex="-1">
  <p>Le formulaire contient {{len(errors)}} erreur{{'s' if len(errors) > 1 else ''}} :</p>
  <ul>
    % for name, message in errors.items():
    <li><a href="#{{'cgu' if name == 'cgu' else name}}">{{message}}</a></li>
    % end
  </ul>
</div>
% end
<form method="post" action="{{get('action', '/inscription')}}" class="form" novalidate>
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  % for name, value in get('hidden', {}).items():
  <input type="hidden" name="{{name}}" value="{{value}}">
  % end
  <div class="field">
    <label for="first_name">Prénom</label>
    <input id="first_name" name="first_name" type="text" autocomplete="given-name" required maxlength="255"
           value="{{values.get('first_name', '')}}" {{!attrs('first_name')}}>
    % error_for('first_name')
  </div>
  <div class="field">
    <label for="last_name">Nom</label>
    <input id="last_name" name="last_name" type="text" autocomplete="family-name" required maxlength="255"
           value="{{values.get('last_name', '')}}" {{!attrs('last_name')}}>
    % error_for('last_name')
  </div>
  <div class="field">
    <label for="email">Adresse e-mail</label>
    <input id="email" name="email" type="email" autocomplete="email" required maxlength="254"
           value="{{values.get('email', '')}}" {{!attrs('email')}}>
    % error_for('email')
  </div>
  <div class="field">
    <label for="password">Mot de passe</label>
    <p class="hint" id="aide-mot-de-passe">8 caractères au minimum, dont une majuscule, une minuscule et un chiffre.</p>
    <input id="password" name="password" type="password" autocomplete="new-password" required
           aria-describedby="aide-mot-de-passe{{' erreur-password' if 'password' in errors else ''}}"
           {{!'aria-invalid="true"' if 'password' in errors else ''}}>
    % error_for('password')
  </div>
  <div class="field field-checkbox">
    <input id="cgu" name="cgu" type="checkbox" required {{!attrs('cgu')}}>
    <label for="cgu">J'accepte les conditions d'utilisation de Pix</label>
    % error_for('cgu')
  </div>
  <button type="submit" class="button">Je m'inscris</button>
</form>
<p class="aside">Vous avez déjà un compte ? <a href="{{get('login_link', '/connexion')}}">Connectez-vous</a></p>
