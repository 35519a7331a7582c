% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
% org_id = ctx.organization.id
% campaign = view.campaign
% base = paths.campaign(org_id, campaign.id)
% def attrs(name, hint=''):
%   described = ' '.join(x for x in (hint, 'erreur-%s' % name if name in errors else '') if x)
%   return (('aria-describedby="%s" ' % described) if described else '') + ('aria-invalid="true"' if name in errors else '')
% end
% def error_for(name):
%   if name in errors:
<p class="field-error" id="erreur-{{name}}">{{errors[name]}}</p>
%   end
% end
<h1>Modifier la campagne</h1>
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
<p>Le code ({{campaign.code}}) et ce que la campagne teste ({{view.target_label}}) ne changent pas.</p>
<form method="post" action="{{base}}/modifier" class="form" id="form-modifier" novalidate>
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <div class="field">
    <label for="name">Nom de la campagne</label>
    <input id="name" name="name" type="text" required maxlength="255" value="{{values.get('name', '')}}" {{!attrs('name')}}>
    % error_for('name')
  </div>
  <div class="field">
    <label for="title">Titre du parcours</label>
    <input id="title" name="title" type="text" maxlength="255" value="{{values.get('title', '')}}" {{!attrs('title')}}>
    % error_for('title')
  </div>
  <div class="field">
    <label for="landing_text">Texte de la page d'accueil</label>
    <p class="hint" id="aide-texte">{{'{:,}'.format(landing_text_max).replace(',', ' ')}} caractères au maximum.</p>
    <textarea id="landing_text" name="landing_text" rows="5" maxlength="{{landing_text_max}}" {{!attrs('landing_text', 'aide-texte')}}>{{values.get('landing_text', '')}}</textarea>
    % error_for('landing_text')
  </div>
  <div class="field">
    <label for="owner">Propriétaire</label>
    <select id="owner" name="owner_id" {{!attrs('owner')}}>
      % for user in owners:
      <option value="{{user.id}}"{{!' selected' if str(user.id) == values.get('owner_id') else ''}}>{{user.full_name}}</option>
      % end
    </select>
    % error_for('owner')
  </div>
  <div class="actions">
    <a class="button button-secondary" href="{{base}}">Annuler</a>
    <button type="submit" class="button">Enregistrer</button>
  </div>
</form>
