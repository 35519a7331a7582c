% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
% org_id = ctx.organization.id
% campaign = view.campaign
% listing = view.reports
% base = paths.campaign(org_id, campaign.id, 'signalements')
<p><a href="{{paths.campaign(org_id, campaign.id)}}">← {{campaign.name}}</a></p>
<div class="page-heading">
  <h1>Signalements</h1>
</div>
<p>Les problèmes signalés par les élèves (et par les membres qui ont testé la campagne) avec « Signaler un problème », du plus récent au plus ancien.</p>
% if not listing.total:
<div class="empty-state">
  <h2>Aucun signalement</h2>
  <p>Pendant le parcours, chaque question propose « Signaler un problème » : les messages envoyés apparaissent ici.</p>
</div>
% else:
<table class="table">
  <caption>Signalements ({{listing.total}}){{', page %d sur %d' % (listing.number, listing.pages) if listing.pages > 1 else ''}}</caption>
  <thead>
    <tr><th scope="col">Date</th><th scope="col">Question</th><th scope="col">Acquis</th><th scope="col">Message</th></tr>
  </thead>
  <tbody>
    % for line in listing.items:
    <tr>
      <td>{{clock.datetime_fr(line.created_at)}}{{' (aperçu)' if line.is_preview else ''}}</td>
      <td><span class="code">{{line.challenge_id}}</span>
        % if line.instruction:
        <br>{{summary(line.instruction)}}
        % end
      </td>
      <td>{{line.skill or '—'}}</td>
      <td class="prewrap">{{line.text}}</td>
    </tr>
    % end
  </tbody>
</table>
% if listing.pages > 1:
<nav class="pagination" aria-label="Pages des signalements">
  <ul>
    % if listing.has_previous:
    <li><a href="{{paths.with_query(base, page=listing.number - 1)}}" rel="prev">Page précédente</a></li>
    % end
    <li aria-current="page">Page {{listing.number}} sur {{listing.pages}}</li>
    % if listing.has_next:
    <li><a href="{{paths.with_query(base, page=listing.number + 1)}}" rel="next">Page suivante</a></li>
    % end
  </ul>
</nav>
% end
% end
