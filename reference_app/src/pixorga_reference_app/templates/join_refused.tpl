% rebase('public.tpl', title=title)
% if entry:
<p class="school-name">{{entry.organization.name}} — {{entry.heading}}</p>
% end
<h1>Impossible de rejoindre le parcours</h1>
<div class="alert alert-error" role="alert">
  <p>{{message}}</p>
</div>
% if refusal == JoinRefusal.ALREADY_PARTICIPATED:
<p class="actions"><a class="button" href="/mes-parcours">Mes parcours</a></p>
% elif refusal == JoinRefusal.LEARNER_ALREADY_LINKED and entry and not logged_in:
<p class="actions"><a class="button" href="{{paths.login(paths.campaign_join(entry.campaign.code))}}">Se connecter</a></p>
<p class="aside"><a href="{{paths.campaign_join(entry.campaign.code)}}">← Revenir à la déclaration</a></p>
% elif refusal in (JoinRefusal.NO_MATCH, JoinRefusal.LEARNER_ALREADY_LINKED) and entry:
<p class="actions"><a class="button" href="{{paths.campaign_join(entry.campaign.code)}}">← Vérifier mes informations</a></p>
% end
% if logged_in and refusal == JoinRefusal.ACCOUNT_LINKED_TO_ANOTHER_LEARNER:
<form method="post" action="/deconnexion" class="form">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <button type="submit" class="button button-secondary">Se déconnecter</button>
</form>
% end
<p class="aside"><a href="/">Retour à l'accueil</a></p>
