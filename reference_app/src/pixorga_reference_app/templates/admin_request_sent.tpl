% rebase('public.tpl', title=title)
<h1>Demande envoyée</h1>
<div class="alert alert-success" role="status">
  % if too_soon:
  <p>Une invitation vient déjà d'être envoyée à l'adresse e-mail de l'établissement ({{email}}). Consultez cette boîte de réception.</p>
  % else:
  <p>Une invitation d'administrateur a été envoyée à l'adresse e-mail de l'établissement ({{email}}).</p>
  % end
</div>
<p>La personne qui reçoit cet e-mail peut l'accepter elle-même ou le transférer à la personne qui administrera l'espace. Le lien est à usage unique et valable 7 jours.</p>
<p class="aside"><a href="/connexion">Retour à la connexion</a></p>
