% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
% org_id = ctx.organization.id
% def attrs(name, hint=''):
%   described = ' '.join(x for x in (hint, 'erreur-%s' % name if name in errors else '') if x)
%   return (('aria-describedby="%s" ' % described) if described else '') + ('aria-invalid="true"' if name in errors else '')
% end
% def error_for(name):
%   if name in errors:
<p class="field-error" id="erreur-{{name}}">{{errors[name]}}</p>
%   end
% end
% asks = values.get('asks_external_id') == 'oui'
<h1>Création d'une campagne</h1>
% if errors:
<div class="alert alert-error" role="alert" tabindex="-1">
  <p>Le formulaire contient {{len(errors)}} erreur{{'s' if len(errors) > 1 else ''}} :</p>
  <ul>
    % for name, message in errors.items():
    <li><a href="#{{'asks_external_id_oui' if name == 'external_id_label' and not asks else name}}">{{message}}</a></li>
    % end
  </ul>
</div>
% end
<form method="post" action="{{paths.campaigns(org_id, 'creer')}}" class="form" id="form-campagne" novalidate>
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <div class="field">
    <label for="name">Nom de la campagne</label>
    <p class="hint" id="aide-nom">Par exemple : le nom de l'enseignant, la classe, la compétence évaluée. Ce nom n'est visible que des membres de l'espace Pix Orga.</p>
    <input id="name" name="name" type="text" required maxlength="255" value="{{values.get('name', '')}}" {{!attrs('name', 'aide-nom')}}>
    % error_for('name')
  </div>
  <div class="field">
    <label for="target">Que souhaitez-vous tester ?</label>
    <select id="target" name="target" required {{!attrs('target')}}>
      <option value="">Choisissez une compétence ou un profil cible</option>
      % group = None
      % for choice in choices:
      %   if choice.group != group:
      %     if group is not None:
      </optgroup>
      %     end
      %     group = choice.group
      <optgroup label="{{group}}">
      %   end
      <option value="{{choice.value}}"{{!' selected' if choice.value == values.get('target') else ''}}>{{choice.label}}</option>
      % end
      % if group is not None:
      </optgroup>
      % end
    </select>
    % error_for('target')
  </div>
  <fieldset class="field field-radio">
    <legend>Souhaitez-vous demander un identifiant ?</legend>
    <p class="hint">Laissez « Non » dans un établissement scolaire : les élèves sont reconnus par leur nom et leur date de naissance.</p>
    <div><input id="asks_external_id_non" name="asks_external_id" type="radio" value="non"{{!'' if asks else ' checked'}}> <label for="asks_external_id_non">Non</label></div>
    <div><input id="asks_external_id_oui" name="asks_external_id" type="radio" value="oui"{{!' checked' if asks else ''}}> <label for="asks_external_id_oui">Oui</label></div>
  </fieldset>
  <div class="field">
    <label for="external_id_label">Libellé de l'identifiant (si vous répondez « Oui »)</label>
    <p class="hint" id="aide-identifiant">Par exemple : « Numéro élève ». Il sera demandé aux élèves avant le test.</p>
    <input id="external_id_label" name="external_id_label" type="text" maxlength="255" value="{{values.get('external_id_label', '')}}" {{!attrs('external_id_label', 'aide-identifiant')}}>
    % error_for('external_id_label')
  </div>
  <div class="field">
    <label for="title">Titre du parcours</label>
    <p class="hint" id="aide-titre">Facultatif : il s'affiche aux élèves pendant le parcours.</p>
    <input id="title" name="title" type="text" maxlength="255" value="{{values.get('title', '')}}" {{!attrs('title', 'aide-titre')}}>
    % error_for('title')
  </div>
  <div class="field">
    <label for="landing_text">Texte de la page d'accueil</label>
    <p class="hint" id="aide-texte">Facultatif, {{'{:,}'.format(landing_text_max).replace(',', ' ')}} caractères au maximum : il s'affiche aux élèves avant qu'ils commencent.</p>
    <textarea id="landing_text" name="landing_text" rows="5" maxlength="{{landing_text_max}}" {{!attrs('landing_text', 'aide-texte')}}>{{values.get('landing_text', '')}}</textarea>
    % error_for('landing_text')
  </div>
  % if len(algorithms) > 1:
  <div class="field">
    <label for="algorithm">Algorithme du test</label>
    <p class="hint" id="aide-algorithme">Smart Random est l'algorithme de Pix ; ne changez que si vous savez pourquoi.</p>
    <select id="algorithm" name="algorithm" {{!attrs('algorithm', 'aide-algorithme')}}>
      % for name, label in algorithms:
      <option value="{{name}}"{{!' selected' if name == values.get('algorithm', algorithms[0][0]) else ''}}>{{label}}</option>
      % end
    </select>
    % error_for('algorithm')
  </div>
  % end
  <div class="actions">
    <a class="button button-secondary" href="{{paths.campaigns(org_id)}}">Annuler</a>
    <button type="submit" class="button">Créer la campagne</button>
  </div>
</form>
