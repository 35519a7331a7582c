% rebase('public.tpl', title=title)
<p class="school-name">{{entry.organization.name}}</p>
<h1>Commencez votre parcours</h1>
<p class="lead">{{entry.heading}}</p>
% if entry.refusal:
<div class="alert alert-error" role="alert">
  <p>{{entry.refusal}}</p>
</div>
<p class="aside"><a href="/">Retour à l'accueil</a></p>
% else:
<p>Démarrez votre parcours d'évaluation personnalisé : inscrivez-vous ou connectez-vous, puis lancez votre test.</p>
%   if entry.campaign.landing_text:
<div class="prose landing-text">
%     for paragraph in entry.campaign.landing_text.split('\n'):
%       if paragraph.strip():
  <p>{{paragraph}}</p>
%       end
%     end
</div>
%   end
<p class="actions"><a class="button" href="{{paths.campaign_join(entry.campaign.code)}}">Je commence</a></p>
<p class="hint">Vos réponses et vos résultats seront transmis à votre établissement ({{entry.organization.name}}) lorsque vous les enverrez à la fin du parcours.</p>
%   if account:
<p class="aside">Vous êtes connecté(e) avec le compte {{account}}.</p>
%   end
% end
