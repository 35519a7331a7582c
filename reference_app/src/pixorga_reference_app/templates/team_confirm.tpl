% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
<h1>{{question}}</h1>
% if get('refusal'):
<div class="alert alert-error" role="alert"><p>{{refusal}}</p></div>
<p><a class="button button-secondary" href="{{back}}">Retour à l'équipe</a></p>
% else:
<p>{{explanation}}</p>
<form method="post" action="{{action}}" class="choices">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <button type="submit" class="button button-danger">{{button}}</button>
  <a class="button button-secondary" href="{{back}}">{{back_label}}</a>
</form>
% end
