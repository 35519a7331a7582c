% rebase('public.tpl', title=title)
<h1>{{get('heading', 'Connectez-vous à Pix Orga')}}</h1>
% if error:
<div class="alert alert-error" role="alert" id="erreur-connexion">
  <p>{{error}}</p>
</div>
% end
<form method="post" action="{{get('action', '/connexion')}}" class="form" novalidate>
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  % for name, value in get('hidden', {}).items():
  <input type="hidden" name="{{name}}" value="{{value}}">
  % end
  <input type="hidden" name="suivant" value="{{next}}">
  <div class="field">
    <label for="login">Adresse e-mail ou identifiant</label>
    <input id="login" name="login" type="text" autocomplete="username" required value="{{login}}"
           {{!'aria-describedby="erreur-connexion" aria-invalid="true"' if error else ''}}>
  </div>
  <div class="field">
    <label for="password">Mot de passe</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
  </div>
  <button type="submit" class="button">Je me connecte</button>
</form>
<p class="aside">Vous n'avez pas de compte ? <a href="{{get('signup_link', '/inscription')}}">Inscrivez-vous</a></p>
% if get('show_code'):
% include('join_code_form.tpl', code_value=get('code_value', ''), code_error=get('code_error'))
% end
% if not get('hidden'):
<p class="aside">Personne n'administre plus l'espace de votre établissement ? <a href="/demande-administration-sco">Demande d'accès administrateur</a></p>
% end
