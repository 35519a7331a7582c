% rebase('public.tpl', title=title)
<h1>Bienvenue sur {{service_name}}</h1>
<p>Avant d'accéder à l'espace de <strong>{{ctx.organization.name}}</strong>, prenez connaissance des
conditions d'utilisation de {{service_name}}.</p>
<div class="terms" tabindex="0" role="region" aria-label="Conditions d'utilisation de {{service_name}}">
  <h2>Conditions d'utilisation de {{service_name}}</h2>
  <p>{{service_name}} permet aux équipes des établissements scolaires de proposer des parcours d'évaluation
  des compétences numériques à leurs élèves et d'en suivre les résultats.</p>
  <p>En tant que membre d'un espace {{service_name}}, vous vous engagez à n'utiliser les données des élèves
  (nom, prénom, date de naissance, classe, résultats) que dans le cadre de votre mission
  pédagogique, à ne pas les communiquer à des tiers et à garder vos identifiants confidentiels.</p>
  <p>Les données des élèves proviennent de l'export de la base élèves de l'établissement. Elles sont
  conservées le temps de la scolarité de l'élève dans l'établissement.</p>
  <p>L'administrateur de l'espace gère l'équipe : il invite les membres, modifie leurs rôles et
  peut retirer un membre à tout moment.</p>
</div>
<div class="actions">
  <form method="post" action="/cgu" class="form">
    <input type="hidden" name="csrf_token" value="{{csrf_token}}">
    <input type="hidden" name="suivant" value="{{next}}">
    <button type="submit" class="button">J'accepte les conditions d'utilisation</button>
  </form>
  <form method="post" action="{{paths.LOGOUT}}" class="form">
    <input type="hidden" name="csrf_token" value="{{csrf_token}}">
    <button type="submit" class="button button-secondary">Annuler</button>
  </form>
</div>
<p class="hint">« Annuler » vous déconnecte : vous ne pourrez pas utiliser l'espace sans accepter ces conditions.</p>
