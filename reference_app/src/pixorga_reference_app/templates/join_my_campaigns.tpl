% rebase('public.tpl', title=title)
<h1>Mes parcours</h1>
% if account:
<p class="aside">Connecté(e) avec le compte <strong>{{account}}</strong>.</p>
% end
% if mine:
<ul class="my-campaigns">
  % for item in mine:
  <li class="panel">
    <h2>{{item.heading}}</h2>
    <p>Statut : {{item.participation.status.label}}</p>
    % if item.can_resume:
    <p><a class="button" href="{{paths.campaign_test(item.campaign.code)}}">Reprendre<span class="visually-hidden"> le parcours {{item.heading}}</span></a></p>
    % end
  </li>
  % end
</ul>
% else:
<p>Vous n'avez pas encore commencé de parcours. Saisissez le code donné par votre enseignant.</p>
% end
% include('join_code_form.tpl', code_value=get('code_value', ''), code_error=get('code_error'))
<form method="post" action="/deconnexion" class="form">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <button type="submit" class="button button-secondary">Se déconnecter</button>
</form>
