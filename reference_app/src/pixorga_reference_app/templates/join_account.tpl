% rebase('public.tpl', title=title)
% def attrs(name):
%   return ('aria-invalid="true" aria-describedby="erreur-%s"' % name) if name in errors else ''
% end
% def error_for(name):
%   if name in errors:
<p class="field-error" id="erreur-{{name}}">{{errors[name]}}</p>
%   end
% end
<p class="school-name">{{entry.organization.name}} vous invite à rejoindre son parcours « {{entry.heading}} »</p>
<h1>Je m'inscris avec :</h1>
% if errors:
<div class="alert alert-error" role="alert" tabindex="-1">
  <p>Le formulaire contient {{len(errors)}} erreur{{'s' if len(errors) > 1 else ''}} :</p>
  <ul>
    % for name, message in errors.items():
    <li><a href="#{{name}}">{{message}}</a></li>
    % end
  </ul>
</div>
% end
<nav class="tabs" aria-label="Type de compte">
  <a href="{{base}}?avec=email"{{!' aria-current="page"' if kind == AccountKind.EMAIL else ''}}>Mon adresse e-mail</a>
  <a href="{{base}}?avec=identifiant"{{!' aria-current="page"' if kind == AccountKind.USERNAME else ''}}>Mon identifiant</a>
</nav>
<form method="post" action="{{base}}" class="form" novalidate>
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <input type="hidden" name="kind" value="{{kind.value}}">
  % if kind == AccountKind.USERNAME:
  <div class="field">
    <label for="username">Identifiant</label>
    <p class="hint" id="aide-identifiant">Créé à partir des informations de votre établissement. Notez-le : vous vous connecterez avec lui.</p>
    <input id="username" name="username" type="text" value="{{username}}" readonly autocomplete="username"
           aria-describedby="aide-identifiant">
  </div>
  % else:
  <div class="field">
    <label for="email">Adresse e-mail</label>
    <p class="hint" id="aide-email">Par exemple nom@exemple.fr</p>
    <input id="email" name="email" type="email" autocomplete="email" required maxlength="254"
           value="{{values.get('email', '')}}"
           aria-describedby="aide-email{{' erreur-email' if 'email' in errors else ''}}"
           {{!'aria-invalid="true"' if 'email' in errors else ''}}>
    % error_for('email')
  </div>
  % end
  <div class="field">
    <label for="password">Mot de passe</label>
    <p class="hint" id="aide-mot-de-passe">8 caractères minimum, dont une majuscule, une minuscule et un chiffre.</p>
    <input id="password" name="password" type="password" autocomplete="new-password" required
           aria-describedby="aide-mot-de-passe{{' erreur-password' if 'password' in errors else ''}}"
           {{!'aria-invalid="true"' if 'password' in errors else ''}}>
    % error_for('password')
  </div>
  <button type="submit" class="button">Je m'inscris</button>
</form>
<form method="post" action="{{paths.campaign_join(entry.campaign.code, 'ce-n-est-pas-moi')}}" class="form">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <button type="submit" class="button button-secondary">← Ce n'est pas moi</button>
</form>
<p class="hint">Les informations saisies servent à créer votre compte et à transmettre vos résultats à votre établissement, avec votre accord, à la fin du parcours.</p>
<h2>J'ai déjà un compte</h2>
<p class="aside"><a href="{{login_link}}">Se connecter</a></p>
