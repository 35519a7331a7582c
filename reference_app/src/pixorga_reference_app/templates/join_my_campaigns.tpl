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
    % shared = get('results', {}).get(item.participation.id)
    % if shared:
    <p>Vous maîtrisez <strong>{{shared.result.percent}} %</strong> des compétences testées.</p>
    <table class="table">
      <caption>Vos résultats par compétence</caption>
      <thead><tr><th scope="col">Compétence</th><th scope="col">Résultat</th></tr></thead>
      <tbody>
        % for c in shared.result.competences:
        <tr><th scope="row">{{c.code}} {{c.name}}</th><td>{{c.percent}} %</td></tr>
        % end
      </tbody>
    </table>
    % if shared.tutorials:
    <h3>Des tutos pour progresser</h3>
    <ul class="tutorials">
      % for tutorial in shared.tutorials:
      <li>
        <details>
          <summary>{{tutorial.title}}{{' (%d min)' % tutorial.duration_minutes if tutorial.duration_minutes else ''}}</summary>
          <div class="rich-text">{{!markdown(tutorial.content)}}</div>
        </details>
      </li>
      % end
    </ul>
    % end
    % end
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
