% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
% org_id = ctx.organization.id
% can_change_role = allowed(ctx, Action.CHANGE_ROLE)
% can_remove = allowed(ctx, Action.REMOVE_MEMBER)
% can_unblock = allowed(ctx, Action.UNBLOCK_MEMBER)
% can_invite = allowed(ctx, Action.INVITE_MEMBERS)
<div class="page-heading">
  <h1>Équipe</h1>
  % if can_invite and tab == 'membres':
  <a class="button" href="{{base}}?onglet=invitations#titre-inviter">Inviter un membre</a>
  % end
</div>
% if notice:
<div class="alert alert-success" role="status"><p>{{notice}}</p></div>
% end
% if error:
<div class="alert alert-error" role="alert" tabindex="-1" id="erreur-equipe"><p>{{error}}</p></div>
% end
% if unsent:
<div class="alert alert-warning" role="status">
  <p>{{len(unsent)}} e-mail{{'s' if len(unsent) > 1 else ''}} d'invitation n'{{'ont' if len(unsent) > 1 else 'a'}} pas encore pu être envoyé{{'s' if len(unsent) > 1 else ''}} : pixorga réessaie automatiquement. Les invitations existent ; pour donner dès maintenant un lien à copier, utilisez « Renvoyer l'invitation ».</p>
</div>
% end
% if allowed(ctx, Action.SEE_INVITATIONS):
<nav class="tabs" aria-label="Équipe">
  <a href="{{base}}?onglet=membres"{{!' aria-current="page"' if tab == 'membres' else ''}}>Membres ({{members.total}})</a>
  <a href="{{base}}?onglet=invitations"{{!' aria-current="page"' if tab == 'invitations' else ''}}>Invitations ({{len(invitations)}})</a>
</nav>
% end
% if tab == 'membres':
<div class="table-scroll" role="region" aria-labelledby="titre-membres" tabindex="0">
<table class="table">
  <caption id="titre-membres">Membres ({{members.total}})</caption>
  <thead>
    <tr><th scope="col">Nom</th><th scope="col">Prénom</th><th scope="col">Rôle</th>
    % if can_change_role or can_remove or can_unblock:
    <th scope="col">Actions</th>
    % end
    </tr>
  </thead>
  <tbody>
    % for m in members.items:
    % who = m.full_name
    <tr>
      <td>{{m.user.last_name}}</td>
      <td>{{m.user.first_name}}</td>
      % if can_change_role and editing == m.membership.id and not m.is_last_admin:
      <td>
        <form method="post" action="{{base}}/membres/{{m.membership.id}}/role" class="form-row" id="form-role-{{m.membership.id}}">
          <input type="hidden" name="csrf_token" value="{{csrf_token}}">
          <label for="role-{{m.membership.id}}" class="visually-hidden">Rôle de {{who}}</label>
          <select id="role-{{m.membership.id}}" name="role">
            % for r in roles:
            <option value="{{r.value}}"{{!' selected' if r is m.membership.role else ''}}>{{r.label}}</option>
            % end
          </select>
        </form>
      </td>
      <td class="actions">
        <button type="submit" form="form-role-{{m.membership.id}}" class="button button-small">Enregistrer</button>
        <a href="{{base}}?onglet=membres&amp;page={{members.number}}">Annuler</a>
      </td>
      % else:
      <td>{{m.membership.role.label}}{{!' <span class="badge badge-blocked">Connexion bloquée</span>' if can_unblock and m.login_blocked else ''}}</td>
      % if can_change_role or can_remove or can_unblock:
      <td class="actions">
        % if can_change_role and not m.is_last_admin:
        <a class="button button-secondary button-small" href="{{base}}?onglet=membres&amp;page={{members.number}}&amp;modifier={{m.membership.id}}" aria-label="Modifier le rôle de {{who}}">Modifier le rôle</a>
        % end
        % if can_unblock and m.login_blocked:
        <form method="post" action="{{base}}/membres/{{m.membership.id}}/debloquer" class="form-row">
          <input type="hidden" name="csrf_token" value="{{csrf_token}}">
          <button type="submit" class="button button-secondary button-small" aria-label="Débloquer le compte de {{who}}">Débloquer</button>
        </form>
        % end
        % if can_remove and m.membership.id != ctx.membership.id:
        <a class="button button-danger button-small" href="{{base}}/membres/{{m.membership.id}}/supprimer" aria-label="Supprimer {{who}}">Supprimer</a>
        % end
      </td>
      % end
      % end
    </tr>
    % end
  </tbody>
</table>
</div>
% if members.pages > 1:
<nav class="pagination" aria-label="Pagination des membres">
  % if members.has_previous:
  <a href="{{base}}?onglet=membres&amp;page={{members.number - 1}}">Page précédente</a>
  % end
  <span>Page {{members.number}} sur {{members.pages}}</span>
  % if members.has_next:
  <a href="{{base}}?onglet=membres&amp;page={{members.number + 1}}">Page suivante</a>
  % end
</nav>
% end
% if allowed(ctx, Action.LEAVE):
<p class="leave-link"><a href="{{base}}/quitter">Quitter l'espace</a></p>
% end
% else:
% sent = [l for l in lines if not l.is_refusal]
% refused = [l for l in lines if l.is_refusal]
% if sent:
<div class="alert {{'alert-success' if all(states.get(l.invitation.id) is MailState.SENT for l in sent) else 'alert-warning'}}" role="status">
  <p>Résultat de l'invitation :</p>
  <ul class="result-lines">
    % for line in sent:
    % state = states.get(line.invitation.id)
    % if state is MailState.SENT:
    <li><strong>{{line.email}}</strong> : {{'invitation envoyée' if line.outcome.value == 'sent' else 'invitation envoyée à nouveau, avec un nouveau lien'}}</li>
    % else:
    <li><strong>{{line.email}}</strong> : {{'invitation créée, mais ' if line.outcome.value == 'sent' else 'nouveau lien créé, mais '}}{{'le serveur de messagerie a refusé l\'e-mail (vérifiez l\'adresse).' if state is MailState.FAILED else 'l\'e-mail n\'est pas encore parti (pixorga réessaie automatiquement).'}}
      Vous pouvez lui transmettre ce lien vous-même (il n'est montré qu'ici) :
      <code class="invite-link" id="lien-{{line.invitation.id}}">{{link_of(line)}}</code>
      <button type="button" class="button button-secondary button-small" data-copy="lien-{{line.invitation.id}}" hidden>Copier le lien</button>
      <span class="copy-status" role="status" aria-live="polite"></span>
    </li>
    % end
    % end
  </ul>
</div>
% end
% if refused:
<div class="alert alert-warning" role="status">
  <p>Non invité{{'s' if len(refused) > 1 else ''}} :</p>
  <ul class="refused-lines">
    % for line in refused:
    <li><strong>{{line.email}}</strong> : {{line.message}}</li>
    % end
  </ul>
</div>
% end
<section class="panel" aria-labelledby="titre-inviter">
  <h2 id="titre-inviter">Inviter un membre</h2>
  % if errors:
  <div class="alert alert-error" role="alert" tabindex="-1">
    <p>Le formulaire contient une erreur :</p>
    <ul><li><a href="#emails">{{errors['emails']}}</a></li></ul>
  </div>
  % end
  <form method="post" action="{{base}}/inviter" class="form" novalidate>
    <input type="hidden" name="csrf_token" value="{{csrf_token}}">
    <div class="field">
      <label for="emails">Adresse(s) e-mail</label>
      <p class="hint" id="aide-emails">Pour inviter plusieurs personnes, séparez les adresses par des virgules (50 au plus). Chacune reçoit un lien pour créer son compte ou se connecter avec son compte existant. Elle rejoint l'équipe avec le rôle Membre.</p>
      <textarea id="emails" name="emails" rows="3" aria-describedby="aide-emails{{' erreur-emails' if errors else ''}}"{{!' aria-invalid="true"' if errors else ''}}>{{emails}}</textarea>
      % if errors:
      <p class="field-error" id="erreur-emails">{{errors['emails']}}</p>
      % end
    </div>
    <button type="submit" class="button">Inviter</button>
  </form>
</section>
% if invitations:
<div class="table-scroll" role="region" aria-labelledby="titre-invitations" tabindex="0">
<table class="table">
  <caption id="titre-invitations">Invitations en attente ({{len(invitations)}})</caption>
  <thead>
    <tr><th scope="col">Adresse e-mail</th><th scope="col">Rôle</th><th scope="col">Date d'envoi</th><th scope="col">E-mail</th><th scope="col">Actions</th></tr>
  </thead>
  <tbody>
    % for v in invitations:
    % i = v.invitation
    <tr>
      <td>{{i.email}}</td>
      <td>{{v.role_label}}{{!'<br><span class="hint">' if v.asked_by else ''}}{{v.asked_by}}{{!'</span>' if v.asked_by else ''}}</td>
      <td>{{local_time(i.updated_at)}}</td>
      <td>{{mail_labels.get(v.mail_state, '')}}</td>
      <td class="actions">
        <form method="post" action="{{base}}/invitations/{{i.id}}/renvoyer" class="form-row">
          <input type="hidden" name="csrf_token" value="{{csrf_token}}">
          <button type="submit" class="button button-secondary button-small" aria-label="Renvoyer l'invitation à {{i.email}}">Renvoyer l'invitation</button>
        </form>
        <a class="button button-danger button-small" href="{{base}}/invitations/{{i.id}}/annuler" aria-label="Annuler l'invitation à {{i.email}}">Annuler l'invitation</a>
      </td>
    </tr>
    % end
  </tbody>
</table>
</div>
% else:
<p>Aucune invitation en attente.</p>
% end
% end
