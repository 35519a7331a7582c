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
<h1>Je m'inscris</h1>
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
<p class="hint">Tous les champs sont obligatoires. Écrivez votre prénom, votre nom et votre date de naissance comme votre établissement les connaît.</p>
<form method="post" action="{{paths.campaign_join(entry.campaign.code)}}" class="form" novalidate>
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
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
    <label for="birthdate">Date de naissance (JJ/MM/AAAA)</label>
    <p class="hint" id="aide-naissance">Par exemple 23/06/2011.</p>
    <input id="birthdate" name="birthdate" type="text" inputmode="numeric" autocomplete="bday" required maxlength="10"
           placeholder="JJ/MM/AAAA" value="{{values.get('birthdate', '')}}"
           aria-describedby="aide-naissance{{' erreur-birthdate' if 'birthdate' in errors else ''}}"
           {{!'aria-invalid="true"' if 'birthdate' in errors else ''}}>
    % error_for('birthdate')
  </div>
  <button type="submit" class="button">Je m'inscris</button>
</form>
% if account:
<p class="aside">Vous êtes connecté(e) avec le compte {{account}} : il sera rattaché à l'élève déclaré.</p>
<form method="post" action="/deconnexion" class="form">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <button type="submit" class="button button-secondary">Ce n'est pas mon compte : me déconnecter</button>
</form>
% else:
<h2>J'ai déjà un compte</h2>
<p class="aside"><a href="{{login_link}}">Se connecter</a></p>
% end
