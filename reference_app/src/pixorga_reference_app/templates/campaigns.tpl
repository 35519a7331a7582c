% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
<h1>Campagnes</h1>
<div class="empty-state">
  <h2>Créez votre première campagne</h2>
  <p>Une campagne propose un parcours d'évaluation à vos élèves grâce à un code à leur communiquer.
  Vous suivrez ici leur progression et leurs résultats.</p>
  <p class="muted">La création de campagnes arrive dans une prochaine version de pixorga.</p>
</div>
