% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
% campaign = view.campaign
% base = paths.campaign(ctx.organization.id, campaign.id)
<h1>Supprimer la campagne « {{campaign.name}} » ?</h1>
<div class="alert alert-warning" role="status">
  <p>La campagne disparaîtra de la liste et son lien ne fonctionnera plus.
  % if view.counts.participants:
  Ses {{view.counts.participants}} participation{{'s' if view.counts.participants > 1 else ''}} seront supprimées et anonymisées.
  % end
  Cette action est définitive.</p>
</div>
<form method="post" action="{{base}}/supprimer" class="actions" id="form-supprimer">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <a class="button button-secondary" href="{{base}}">Annuler</a>
  <button type="submit" class="button button-danger">Supprimer la campagne</button>
</form>
