% if stale.can_resend:
<form method="post" action="{{stale.action}}" class="form panel" aria-labelledby="titre-saisie">
  <h2 id="titre-saisie">Ce que vous aviez saisi</h2>
  <p>Rien n'a été enregistré. Vérifiez ce que vous aviez saisi, puis envoyez-le de nouveau.</p>
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  % for name, value in stale.hidden:
  <input type="hidden" name="{{name}}" value="{{value}}">
  % end
  % for i, (name, label, value) in enumerate(stale.shown):
  <div class="field">
    <label for="saisie-{{i}}">{{label}}</label>
    <textarea id="saisie-{{i}}" name="{{name}}" rows="3">{{value}}</textarea>
  </div>
  % end
  % for i, name in enumerate(stale.secrets):
  <div class="field">
    <label for="secret-{{i}}">Mot de passe (à saisir de nouveau)</label>
    <input type="password" id="secret-{{i}}" name="{{name}}" autocomplete="current-password">
  </div>
  % end
  <button type="submit" class="button">Envoyer de nouveau</button>
</form>
% else:
<section class="panel" aria-labelledby="titre-saisie">
  <h2 id="titre-saisie">Ce que vous aviez saisi</h2>
  <p>Votre session a expiré : rien n'a été enregistré. Copiez ce que vous aviez saisi, reconnectez-vous, puis recommencez.</p>
  % for i, (name, label, value) in enumerate(stale.shown):
  <div class="field">
    <label for="saisie-{{i}}">{{label}}</label>
    <textarea id="saisie-{{i}}" rows="3" readonly>{{value}}</textarea>
  </div>
  % end
  <p><a class="button" href="{{paths.login()}}">Se reconnecter</a></p>
</section>
% end
