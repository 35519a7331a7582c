% rebase('public.tpl', title=title)
<h1>Bienvenue sur Pix Orga</h1>
<p>Avant d'accéder à l'espace de <strong>{{ctx.organization.name}}</strong>, prenez connaissance des
conditions d'utilisation de Pix Orga.</p>
<div class="terms" tabindex="0" role="region" aria-label="Conditions d'utilisation de Pix Orga">
  <h2>Conditions d'utilisation de Pix Orga</h2>
  <p>Pix Orga permet aux équipes des établissements scolaires de proposer des parcours d'évaluation
  des compétences numériques à leurs élèves et d'en suivre les résultats.</p>
  <p>En tant que membre d'un espace Pix Orga, vous vous engagez à n'utiliser les données des élèves
  (nom, prénom, date de naissance, classe, résultats) que dans le cadre de votre mission
  pédagogique, à ne pas les communiquer à des tiers et à garder vos identifiants confidentiels.</p>
  <p>Les données des élèves proviennent de l'export de la base élèves de l'établissement. Elles sont
  conservées le temps de la scolarité de l'élève dans l'établissement.</p>
  <p>L'administrateur de l'espace gère l'équipe : il invite les membres, modifie leurs rôles et
  peut retirer un membre à tout moment.</p>
</div>
<form method="post" action="/cgu" class="form">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <input type="hidden" name="suivant" value="{{next}}">
  <button type="submit" class="button">J'accepte les conditions d'utilisation</button>
</form>
