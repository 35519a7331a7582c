% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
% org_id = ctx.organization.id
% if not home.is_set_up:
<div class="page-heading">
  <h1>Premiers pas</h1>
</div>
<p>Trois étapes pour mettre en route l'espace de {{ctx.organization.name}} : {{home.steps_done}} sur 3 {{'faite' if home.steps_done < 2 else 'faites'}}.</p>
<ol class="checklist">
  <li class="panel checklist-step">
    <h2>Inviter un co-administrateur</h2>
    % if home.has_co_administrator:
    <p class="step-state step-done">Fait : l'espace a {{home.administrators}} administrateurs.</p>
    % else:
    <p class="step-state">À faire : l'espace n'a qu'un administrateur. Un second administrateur peut gérer l'équipe et importer les élèves en votre absence.</p>
    %   if home.pending_invitations or home.members > home.administrators:
    <p class="hint">{{home.pending_invitations}} invitation{{'s' if home.pending_invitations > 1 else ''}} en attente, {{home.members - home.administrators}} membre{{'s' if home.members - home.administrators > 1 else ''}} sans rôle d'administrateur : un administrateur peut donner ce rôle à un membre depuis « Équipe ».</p>
    %   end
    %   if allowed(ctx, Action.INVITE_MEMBERS):
    <p><a class="button" href="{{paths.team(org_id)}}">Inviter un membre</a></p>
    %   end
    % end
  </li>
  <li class="panel checklist-step">
    <h2>Importer la liste des élèves</h2>
    % if not home.manages_learners:
    <p class="step-state step-done">Sans objet : cet établissement ne gère pas de liste d'élèves.</p>
    % elif home.has_learners:
    <p class="step-state step-done">Fait : {{home.learners}} élève{{'s' if home.learners > 1 else ''}} dans la liste.</p>
    % else:
    <p class="step-state">À faire : importez l'export SIECLE de l'établissement, pour que les élèves rejoignent les campagnes en se déclarant.</p>
    %   if allowed(ctx, Action.IMPORT_LEARNERS):
    <p><a class="button" href="{{paths.learners(org_id)}}">Importer les élèves</a></p>
    %   else:
    <p class="hint">Seuls les administrateurs de l'espace peuvent importer la liste.</p>
    %   end
    % end
  </li>
  <li class="panel checklist-step">
    <h2>Créer une campagne</h2>
    % if home.has_campaign:
    <p class="step-state step-done">Fait : {{home.campaign_count}} campagne{{'s' if home.campaign_count > 1 else ''}}.</p>
    % else:
    <p class="step-state">À faire : une campagne donne aux élèves un code pour passer un parcours.</p>
    %   if allowed(ctx, Action.CREATE_CAMPAIGN):
    <p><a class="button" href="{{paths.campaigns(org_id, 'creer')}}">Créer une campagne</a></p>
    %   end
    % end
  </li>
</ol>
% else:
<div class="page-heading">
  <h1>Accueil</h1>
  % if allowed(ctx, Action.CREATE_CAMPAIGN):
  <a class="button" href="{{paths.campaigns(org_id, 'creer')}}">Créer une campagne</a>
  % end
</div>
<section class="panel" aria-labelledby="titre-en-cours">
  <h2 id="titre-en-cours">Campagnes en cours ({{len(home.active_campaigns)}})</h2>
  % if home.active_campaigns:
  <ul>
    % for row in home.active_campaigns[:10]:
    <li><a href="{{paths.campaign(org_id, row.campaign.id)}}">{{row.campaign.name}}</a> : {{row.counts.participants}} participant{{'s' if row.counts.participants > 1 else ''}}, {{row.counts.shared}} résultat{{'s' if row.counts.shared > 1 else ''}} envoyé{{'s' if row.counts.shared > 1 else ''}}</li>
    % end
  </ul>
  % else:
  <p>Aucune campagne en cours : les campagnes de l'espace sont archivées.</p>
  % end
  <p><a href="{{paths.campaigns(org_id)}}">Voir toutes les campagnes</a></p>
</section>
<p class="hint">{{home.learners}} élève{{'s' if home.learners > 1 else ''}} dans la liste, {{home.members}} membre{{'s' if home.members > 1 else ''}} dans l'équipe.</p>
% end
