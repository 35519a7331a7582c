<section class="panel code-panel" aria-labelledby="titre-code">
  <h2 id="titre-code">J'ai un code</h2>
  <p class="hint" id="aide-code">Saisissez le code du parcours donné par votre enseignant (par exemple QWERTY234).</p>
  <form method="get" action="/code-parcours" class="form" novalidate>
    <div class="field">
      <label for="code">Code du parcours</label>
      <input id="code" name="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false"
             maxlength="40" value="{{get('code_value', '')}}"
             aria-describedby="aide-code{{' erreur-code' if get('code_error') else ''}}"
             {{!'aria-invalid="true"' if get('code_error') else ''}}>
      % if get('code_error'):
      <p class="field-error" id="erreur-code" role="alert">{{code_error}}</p>
      % end
    </div>
    <button type="submit" class="button">Commencer mon parcours</button>
  </form>
</section>
