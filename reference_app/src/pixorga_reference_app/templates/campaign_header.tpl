% # The heading, the counts and the tabs of every page of one campaign (``tab``: the current one).
% org_id = ctx.organization.id
% campaign = view.campaign
% tabs = [('details', paths.campaign(org_id, campaign.id), 'Détails'), ('participants', paths.campaign_participants(org_id, campaign.id), 'Participants (%d)' % view.counts.participants), ('collectifs', paths.campaign_collective_results(org_id, campaign.id), 'Résultats collectifs'), ('analyse', paths.campaign_analysis(org_id, campaign.id), 'Analyse')]
<p><a href="{{paths.campaigns(org_id)}}">← Toutes les campagnes</a></p>
<div class="page-heading">
  <h1>{{campaign.name}}</h1>
  % if campaign.is_archived:
  <p class="badge">Archivée</p>
  % end
</div>
<ul class="counts">
  <li>Code : <strong class="code">{{campaign.code}}</strong></li>
  <li>Participants : <strong>{{view.counts.participants}}</strong></li>
  <li>Résultats reçus : <strong>{{view.counts.shared}}</strong></li>
</ul>
<nav class="tabs" aria-label="Campagne">
  % for key, href, label in tabs:
  <a href="{{href}}"{{!' aria-current="page"' if key == tab else ''}}>{{label}}</a>
  % end
  % # Other tabs of the campaign (e.g. « Signalements ») go here, before the export link.
  % if allowed(ctx, Action.EXPORT_RESULTS):
  <a href="{{paths.campaign_export(org_id, campaign.id)}}" class="tab-download" download>Exporter résultats (.csv)</a>
  % end
</nav>
