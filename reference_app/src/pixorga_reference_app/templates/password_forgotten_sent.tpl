% rebase('public.tpl', title=title)
<h1>Consultez votre boîte e-mail</h1>
<div class="alert alert-success" role="status">
  <p>Si un compte utilise l'adresse {{email}}, un e-mail va lui être envoyé avec un lien pour choisir un nouveau mot de passe.</p>
</div>
<p>L'e-mail arrive en général en quelques minutes ; pensez à regarder dans les indésirables. Le lien fonctionne une seule fois, pendant une heure. Choisir un nouveau mot de passe débloque aussi votre compte s'il était bloqué.</p>
<p>Rien reçu ? Vérifiez l'adresse saisie, ou demandez à l'administrateur de votre établissement avec quelle adresse vous avez été invité(e).</p>
<p class="aside"><a href="{{paths.LOGIN}}">Retour à la connexion</a></p>
