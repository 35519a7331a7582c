% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
% org_id = ctx.organization.id
% campaign = view.campaign
% base = paths.campaign(org_id, campaign.id)
% include('campaign_header.tpl', tab='details', view=view, ctx=ctx)
% if notice:
<div class="alert alert-success" role="status"><p>{{notice}}</p></div>
% end
% if error:
<div class="alert alert-error" role="alert" tabindex="-1"><p>{{error}}</p></div>
% end
% if view.problem:
<div class="alert alert-warning" role="status"><p>{{view.problem}}</p></div>
% end
<section class="panel" aria-labelledby="titre-details">
  <h2 id="titre-details">Détails</h2>
  <dl class="details">
    <dt>Profil cible</dt><dd>{{view.target_label}}</dd>
    <dt>Lien direct</dt>
    <dd>
      <a id="lien-direct" href="{{view.link}}">{{view.link}}</a>
      <button type="button" class="button button-secondary button-small" data-copy="lien-direct" hidden>Copier le lien</button>
      <span class="copy-status" role="status" aria-live="polite"></span>
    </dd>
    % if campaign.external_id_label:
    <dt>Identifiant demandé</dt><dd>{{campaign.external_id_label}}</dd>
    % end
    <dt>Titre du parcours</dt><dd>{{campaign.title or 'Aucun'}}</dd>
    <dt>Texte de la page d'accueil</dt><dd class="prewrap">{{campaign.landing_text or 'Aucun'}}</dd>
    <dt>Créée par</dt><dd>{{view.creator.full_name}}</dd>
    <dt>Propriétaire</dt><dd>{{view.owner.full_name}}</dd>
  </dl>
  <p class="hint">Conseil : copiez-collez le lien dans le cahier de textes électronique, l'ENT ou un outil collaboratif, ou projetez le QR code à la classe.</p>
</section>
<section class="panel" aria-labelledby="titre-qr">
  <h2 id="titre-qr">QR code du lien</h2>
  <div class="qr">{{!qr_code}}</div>
  <p><a href="{{base}}/qr-code.svg">Afficher le QR code en grand</a> (pour le projeter)</p>
</section>
<div class="actions">
  % if not view.problem:
  <a class="button button-secondary" href="{{paths.campaign_preview(campaign.code)}}">Tester la campagne</a>
  % end
  <a class="button button-secondary" href="{{paths.campaign(org_id, campaign.id, 'signalements')}}">Signalements</a>
  % if view.can_manage:
  <a class="button button-secondary" href="{{base}}/modifier">Modifier</a>
  % if campaign.is_archived:
  <form method="post" action="{{base}}/desarchiver" class="form-row">
    <input type="hidden" name="csrf_token" value="{{csrf_token}}">
    <button type="submit" class="button button-secondary">Désarchiver</button>
  </form>
  % else:
  <form method="post" action="{{base}}/archiver" class="form-row">
    <input type="hidden" name="csrf_token" value="{{csrf_token}}">
    <button type="submit" class="button button-secondary">Archiver</button>
  </form>
  % end
  <a class="button button-danger" href="{{base}}/supprimer">Supprimer</a>
  % end
</div>
