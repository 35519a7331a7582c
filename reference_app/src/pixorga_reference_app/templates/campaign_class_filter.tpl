% # The class filter of the collective results and the analysis (``action``: the page's address).
% if found.divisions:
<form method="get" action="{{action}}" class="form form-inline filters" aria-label="Filtrer par classe">
  <div class="field">
    <label for="classe">Classe</label>
    <select id="classe" name="classe">
      <option value="">Toutes les classes</option>
      % for d in found.divisions:
      <option value="{{d}}"{{!' selected' if d == found.division else ''}}>{{d}}</option>
      % end
    </select>
  </div>
  <button type="submit" class="button">Filtrer</button>
</form>
% end
