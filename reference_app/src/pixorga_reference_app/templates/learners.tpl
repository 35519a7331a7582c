% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
<h1>Élèves</h1>
% if not learners:
<div class="empty-state">
  <h2>Aucun élève pour le moment</h2>
  <p>La liste des élèves provient de l'export SIECLE de l'établissement, importé par un administrateur.</p>
</div>
% else:
<table class="table">
  <caption class="visually-hidden">Élèves de {{ctx.organization.name}}</caption>
  <thead>
    <tr><th scope="col">Nom</th><th scope="col">Prénom</th><th scope="col">Date de naissance</th><th scope="col">Classe</th></tr>
  </thead>
  <tbody>
    % for l in learners:
    <tr>
      <td>{{l.preferred_last_name or l.last_name}}</td>
      <td>{{l.first_name}}</td>
      <td>{{l.birthdate.strftime('%d/%m/%Y') if l.birthdate else ''}}</td>
      <td>{{l.division or ''}}</td>
    </tr>
    % end
  </tbody>
</table>
% end
