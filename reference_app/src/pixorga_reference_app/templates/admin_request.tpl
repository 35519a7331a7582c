% rebase('public.tpl', title=title)
% def attrs(name):
%   return ('aria-invalid="true" aria-describedby="erreur-%s"' % name) if name in errors else ''
% end
% def error_for(name):
%   if name in errors:
<p class="field-error" id="erreur-{{name}}">{{errors[name]}}</p>
%   end
% end
<h1>Demande d'accès administrateur</h1>
<p>Vous êtes personnel de direction et personne n'administre plus l'espace Pix Orga de votre établissement ? Indiquez son UAI/RNE : une invitation d'administrateur sera envoyée à la <strong>boîte e-mail officielle de l'établissement</strong> (celle que Pix Orga connaît, jamais une autre) ; la personne qui l'accepte devient administrateur.</p>
<p>L'e-mail indique seulement qu'un accès administrateur a été demandé, à quelle date et depuis cette page. Son lien est valable 7 jours ; chaque demande envoie un nouveau lien.</p>
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
<form method="post" action="{{paths.ADMIN_REQUEST}}" class="form" novalidate>
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <div class="field">
    <label for="uai">UAI/RNE de l'établissement</label>
    <p class="hint" id="aide-uai">7 chiffres et une lettre, par exemple 0752387M.</p>
    <input id="uai" name="uai" type="text" required maxlength="20" autocomplete="off"
           value="{{values.get('uai', '')}}"
           aria-describedby="aide-uai{{' erreur-uai' if 'uai' in errors else ''}}"
           {{!'aria-invalid="true"' if 'uai' in errors else ''}}>
    % error_for('uai')
  </div>
  <button type="submit" class="button">Envoyer la demande</button>
</form>
<p class="aside"><a href="/connexion">Retour à la connexion</a></p>
