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
% if member is not None and allowed(member, Action.SEE_CAMPAIGNS) and entry.can_be_previewed:
<section class="panel" aria-labelledby="titre-apercu">
  <h2 id="titre-apercu">Vous êtes membre de {{entry.organization.name}}</h2>
  <p>Essayez le parcours comme un élève, sans y participer : rien n'est compté ni envoyé.</p>
  <p><a class="button button-secondary" href="{{paths.campaign_preview(entry.campaign.code)}}">Tester la campagne</a></p>
</section>
% end
