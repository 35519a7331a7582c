% rebase('public.tpl', title=title)
<p class="school-name">{{entry.organization.name}} — {{entry.heading}}</p>
<h1>Avant de commencer</h1>
<form method="post" action="{{paths.campaign_join(entry.campaign.code, 'identifiant')}}" class="form" novalidate>
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <div class="field">
    <label for="external_id">{{entry.campaign.external_id_label}}</label>
    <p class="hint" id="aide-identifiant-externe">Votre établissement vous demande cette information pour retrouver vos résultats.</p>
    <input id="external_id" name="external_id" type="text" required maxlength="255" value="{{value}}"
           aria-describedby="aide-identifiant-externe{{' erreur-external_id' if 'external_id' in errors else ''}}"
           {{!'aria-invalid="true"' if 'external_id' in errors else ''}}>
    % if 'external_id' in errors:
    <p class="field-error" id="erreur-external_id" role="alert">{{errors['external_id']}}</p>
    % end
  </div>
  <button type="submit" class="button">Continuer</button>
</form>
