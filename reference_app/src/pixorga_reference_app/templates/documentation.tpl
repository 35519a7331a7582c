% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
<h1>Documentation</h1>
<h2>Premiers pas</h2>
<ul class="prose">
  <li><strong>Campagnes</strong> : créez une campagne, communiquez son code à vos élèves, suivez leur progression et leurs résultats.</li>
  <li><strong>Élèves</strong> : la liste des élèves de l'établissement, importée depuis SIECLE par un administrateur.</li>
  <li><strong>Équipe</strong> : les membres de l'espace et leur rôle (administrateur ou membre).</li>
</ul>
<h2>Connexion</h2>
<p>Après 10 tentatives de connexion infructueuses, la connexion est suspendue 2 minutes, puis 4, puis 8…
Après 50 tentatives, le compte est bloqué : un administrateur de l'établissement le débloque depuis « Équipe », ou vous choisissez un nouveau mot de passe avec « Mot de passe oublié » sur la page de connexion, ce qui le débloque aussi.</p>
<h2>Plusieurs établissements</h2>
<p>Si vous êtes membre de plusieurs établissements, utilisez « Changer d'établissement » en haut de la page.</p>
