% rebase('public.tpl', title=title)
% field_errors = get('field_errors', {})
<h1>{{get('heading', 'Connectez-vous à ' + service_name)}}</h1>
% if get('notice'):
<div class="alert alert-success" role="status">
  <p>{{notice}}</p>
</div>
% end
% if error:
<div class="alert alert-error" role="alert" id="erreur-connexion">
  <p>{{error}}</p>
</div>
% end
% if field_errors:
<div class="alert alert-error" role="alert" tabindex="-1">
  <p>Le formulaire contient {{len(field_errors)}} erreur{{'s' if len(field_errors) > 1 else ''}} :</p>
  <ul>
    % for name, message in field_errors.items():
    <li><a href="#{{name}}">{{message}}</a></li>
    % end
  </ul>
</div>
% end
% def described(name):
%   if name in field_errors:
%     return 'aria-describedby="erreur-%s" aria-invalid="true"' % name
%   end
%   return 'aria-describedby="erreur-connexion" aria-invalid="true"' if error else ''
% end
<form method="post" action="{{get('action', '/connexion')}}" class="form" novalidate>
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  % for name, value in get('hidden', {}).items():
  <input type="hidden" name="{{name}}" value="{{value}}">
  % end
  <input type="hidden" name="suivant" value="{{next}}">
  <div class="field">
    <label for="login">Adresse e-mail ou identifiant</label>
    <input id="login" name="login" type="text" autocomplete="username" required value="{{login}}"
           {{!described('login')}}>
    % if 'login' in field_errors:
    <p class="field-error" id="erreur-login">{{field_errors['login']}}</p>
    % end
  </div>
  <div class="field">
    <label for="password">Mot de passe</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required
           {{!described('password') if 'password' in field_errors else ''}}>
    % if 'password' in field_errors:
    <p class="field-error" id="erreur-password">{{field_errors['password']}}</p>
    % end
  </div>
  <p class="aside"><a href="{{paths.PASSWORD_FORGOTTEN}}">Mot de passe oublié ?</a></p>
  <button type="submit" class="button">Je me connecte</button>
</form>
% if get('signup_link'):
<p class="aside">Vous n'avez pas de compte ? <a href="{{signup_link}}">Inscrivez-vous</a></p>
% elif get('campaign_signup'):
<p class="aside">Vous n'avez pas encore de compte ? <a href="{{campaign_signup}}">Revenez au parcours pour vous inscrire</a></p>
% else:
<p class="aside">Pas encore de compte ? Pour accéder à cet espace, vous devez avoir été invité(e) par l'administrateur de votre établissement.</p>
% end
% if get('show_code'):
% include('join_code_form.tpl', code_value=get('code_value', ''), code_error=get('code_error'))
% end
% if not get('hidden'):
<p class="aside">Personne n'administre plus l'espace de votre établissement ? <a href="/demande-administration-sco">Demande d'accès administrateur</a></p>
% end
