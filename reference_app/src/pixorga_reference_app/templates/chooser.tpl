% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
<h1>Choisir un établissement</h1>
% if len(ctx.organizations) > 1:
<p>Vous êtes membre de plusieurs établissements. Choisissez celui dans lequel vous souhaitez travailler.</p>
% else:
<p>Vous êtes membre d'un seul établissement : {{ctx.organization.name}}. Pour en rejoindre un autre, demandez à son administrateur de vous inviter.</p>
% end
<form method="post" action="/choisir-etablissement" class="form">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <fieldset>
    <legend>Établissements</legend>
    % for o in ctx.organizations:
    <div class="field field-radio">
      <input type="radio" id="etab-{{o.id}}" name="organization_id" value="{{o.id}}" {{!'checked' if o.id == ctx.organization.id else ''}}>
      <label for="etab-{{o.id}}">{{o.name}}{{' (UAI %s)' % o.uai if o.uai else ''}}</label>
    </div>
    % end
  </fieldset>
  <button type="submit" class="button">Valider</button>
</form>
