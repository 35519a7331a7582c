% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
<h1>Équipe</h1>
<table class="table">
  <caption>Membres ({{len(members)}})</caption>
  <thead>
    <tr><th scope="col">Nom</th><th scope="col">Prénom</th><th scope="col">Rôle</th></tr>
  </thead>
  <tbody>
    % for m in members:
    <tr>
      <td>{{m.user.last_name}}</td>
      <td>{{m.user.first_name}}</td>
      <td>{{m.membership.role.label}}</td>
    </tr>
    % end
  </tbody>
</table>
