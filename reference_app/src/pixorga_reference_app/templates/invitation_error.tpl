% rebase('public.tpl', title=title)
<h1>{{title}}</h1>
<div class="alert alert-error" role="alert">
  <p>{{message}}</p>
</div>
<h2>Que faire ?</h2>
<ul class="prose">
  <li>Si vous êtes déjà membre de l'espace, <a href="{{paths.CURRENT_CAMPAIGNS if logged_in else paths.LOGIN}}">connectez-vous à Pix Orga</a>.</li>
  <li>Sinon, demandez à un administrateur de l'espace de votre établissement de vous inviter à nouveau.</li>
  <li>Si plus personne n'administre l'espace de votre établissement, faites une <a href="{{paths.ADMIN_REQUEST}}">demande d'accès administrateur</a> : une invitation sera envoyée à l'adresse e-mail de l'établissement.</li>
</ul>
